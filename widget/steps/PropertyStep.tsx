import type { Property } from '../../src/contract/index.ts';
import { formatPrice } from '../format.ts';
import type { ChannelFilter, FlowModel } from '../model.ts';

const FILTERS: readonly ChannelFilter[] = ['all', 'lettings', 'sales'];

function PropertyCard({ model, property: p }: { model: FlowModel; property: Property }) {
  const { t } = model;
  return (
    <li class="card">
      {p.photoUrl ? (
        <img class="photo" src={p.photoUrl} alt={t.photoAlt(p.title)} loading="lazy" decoding="async" />
      ) : (
        <div class="photo" aria-hidden="true" />
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
      {model.propertiesLoaded.value && list.length === 0 && <p>{t.noProperties}</p>}
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
