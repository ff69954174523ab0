import type { FlowModel } from '../model.ts';
import { WeekPicker } from '../week/index.ts';

/** Under a week with nothing free: one tap to the first free day, or word that there is none for weeks. */
function JumpToFree({ model }: { model: FlowModel }) {
  const { t, week } = model;
  return (
    <div class="empty">
      <p>{t.noTimesThisWeek}</p>
      {week.noFreeSoon.value ? (
        <p>{t.noTimesSoon}</p>
      ) : (
        <button
          type="button"
          class="primary"
          aria-disabled={week.loading.value}
          onClick={() => void week.jumpToFirstFree()}
        >
          {t.jumpToFree}
        </button>
      )}
    </div>
  );
}

function Heading({ model }: { model: FlowModel }) {
  const property = model.property.value;
  const notice = model.notice.value;
  return (
    <>
      {property && (
        <p class="muted">
          {property.title}, {property.address}
        </p>
      )}
      {notice && <p class="notice">{notice}</p>}
    </>
  );
}

export function SlotStep({ model }: { model: FlowModel }) {
  // The home's waiting list, where the agency keeps one: for a visitor none of these times suits.
  const Offer = model.waitlist.value?.Offer;
  return (
    <>
      <Heading model={model} />
      <WeekPicker
        week={model.week}
        t={model.t}
        locale={model.locale}
        chosen={model.slot}
        alternatives={model.alternatives}
        onChoose={(slot) => model.chooseSlot(slot.id)}
        empty={<JumpToFree model={model} />}
      />
      {Offer && <Offer model={model} />}
    </>
  );
}
