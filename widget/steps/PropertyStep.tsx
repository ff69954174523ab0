import type { Property } from '../../src/contract/index.ts';
import { formatPrice } from '../format.ts';
import type { ChannelFilter, FlowModel } from '../model.ts';

const FILTERS: readonly ChannelFilter[] = ['all', 'lettings', 'sales'];

function PropertyCard({ model, property: p }: { model: FlowModel; property: Property }) {
  const { t } = model;
  return (
    <li class="card">
      {/* A home without a picture gets no empty panel: its card is its words. */}
      {p.photoUrl && (
        <img class="photo" src={p.photoUrl} alt={t.photoAlt(p.title)} loading="lazy" decoding="async" />
      )}
      <div class="card-body">
        <h3 class="card-title">{p.title}</h3>
        <p class="muted">{p.address}</p>
        <p class="facts">
          <span class="price">{formatPrice(p.price, model.locale, t)}</span>
          {p.bedrooms !== undefined && <span>{t.bedrooms(p.bedrooms)}</span>}
        </p>
        {/* The button's ::after stretches over the card, so the whole card is one big tap target. */}
        <button
          type="button"
          class="primary card-action"
          aria-label={t.choosePropertyLabel(p.title, p.address)}
          onClick={() => model.chooseProperty(p.id)}
        >
          {t.chooseProperty}
        </button>
      </div>
    </li>
  );
}

const BEDROOMS = [1, 2, 3, 4, 5];

/** A whole amount typed in a price box (`1,500`, `£1500`), or nothing. */
const amount = (value: FormDataEntryValue | null) => {
  const digits = String(value ?? '').replace(/[^\d]/g, '');
  return digits ? Math.min(Number(digits), 999_999_999) : undefined;
};

/**
 * The search box and filters of a branch with many homes: words of the address, a price range and a least
 * number of bedrooms, sent to the proxy, which answers a page at a time.
 */
function HomeSearchForm({ model }: { model: FlowModel }) {
  const s = model.t.search;
  const now = model.search.value;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    if (!(e.currentTarget instanceof HTMLFormElement)) return;
    const form = new FormData(e.currentTarget);
    model.searchHomes({
      q: String(form.get('q') ?? ''),
      minPrice: amount(form.get('minPrice')),
      maxPrice: amount(form.get('maxPrice')),
      bedrooms: Number(form.get('bedrooms')) || undefined,
    });
  };
  // Keyed by the search, so a cleared search clears the boxes too.
  return (
    <form class="search" role="search" aria-label={s.legend} onSubmit={onSubmit} key={JSON.stringify(now)}>
      <label class="words">
        <span>{s.words}</span>
        <input type="search" name="q" defaultValue={now.q ?? ''} autocomplete="off" maxLength={200} />
      </label>
      {(['minPrice', 'maxPrice'] as const).map((name) => (
        <label key={name}>
          <span>{s[name]}</span>
          <input type="text" inputMode="numeric" name={name} defaultValue={now[name]?.toString() ?? ''} />
        </label>
      ))}
      <label>
        <span>{s.bedrooms}</span>
        <select name="bedrooms" defaultValue={String(now.bedrooms ?? '')}>
          <option value="">{s.anyBedrooms}</option>
          {BEDROOMS.map((n) => (
            <option key={n} value={String(n)}>
              {s.atLeast(n)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">
        {s.submit}
      </button>
    </form>
  );
}

export function PropertyStep({ model }: { model: FlowModel }) {
  const { t } = model;
  const list = model.properties.value;
  const more = model.busy.value === 'more';
  return (
    <>
      <fieldset class="segments">
        <legend>{t.channelLegend}</legend>
        {FILTERS.map((c) => (
          <label key={c}>
            <input
              type="radio"
              name="vw-channel"
              value={c}
              checked={model.channel.value === c}
              onChange={() => model.setChannel(c)}
            />
            <span>{t.channels[c]}</span>
          </label>
        ))}
      </fieldset>
      {model.searchable.value && <HomeSearchForm model={model} />}
      {model.propertiesLoaded.value && <SearchOutcome model={model} shown={list.length} />}
      {list.length > 0 && (
        <ul class="cards">
          {list.map((p) => (
            <PropertyCard key={p.id} model={model} property={p} />
          ))}
        </ul>
      )}
      {model.nextCursor.value && (
        <button
          type="button"
          class="secondary more"
          aria-disabled={more}
          onClick={() => model.loadMoreProperties()}
        >
          {more ? t.loading : t.showMore}
        </button>
      )}
    </>
  );
}

/** How many homes match, said where the list starts and heard by screen readers; or that none do. */
function SearchOutcome({ model, shown }: { model: FlowModel; shown: number }) {
  const { t } = model;
  const searching = model.searching.value;
  const total = model.total.value;
  if (shown === 0)
    return (
      <div role="status">
        <p>{searching ? t.search.none : t.noProperties}</p>
        {searching && (
          <button type="button" class="secondary" onClick={() => model.searchHomes({})}>
            {t.search.clear}
          </button>
        )}
      </div>
    );
  return model.searchable.value && total !== undefined ? (
    <p role="status" class="muted">
      {t.search.matches(shown, total)}
    </p>
  ) : null;
}
