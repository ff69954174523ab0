import type { FlowModel } from '../model.ts';

export function BranchStep({ model }: { model: FlowModel }) {
  const { t } = model;
  const branches = model.branches.value;
  if (branches.length === 0) return model.busy.value || model.error.value ? null : <p>{t.noBranches}</p>;
  return (
    <>
      <p class="intro">{t.branchIntro}</p>
      <ul class="list">
        {branches.map((b) => (
          <li key={b.id}>
            <button
              type="button"
              class="option"
              aria-pressed={model.branch.value?.id === b.id}
              onClick={() => model.chooseBranch(b.id)}
            >
              <strong>{b.name}</strong>
              <span class="muted">{b.address}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
