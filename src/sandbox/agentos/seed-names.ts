/**
 * Which company the emulator holds (the first is the default):
 * - `standard`: three branches and 48 homes, each kind of listing an adapter must render at least once.
 * - `large-branch`: the same, plus Bristol Harbourside, a branch advertising 300 homes (160 to let, 140 for
 *   sale), for searching, filtering and paging through a big agency's list.
 */
export const SEED_PRESETS = ['standard', 'large-branch'] as const;
export type SeedPreset = (typeof SEED_PRESETS)[number];

export const isSeedPreset = (name: string): name is SeedPreset =>
  (SEED_PRESETS as readonly string[]).includes(name);
