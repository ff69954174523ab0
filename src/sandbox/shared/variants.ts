/**
 * Where a vendor's own pages document more than one shape for the same answer, an emulator serves each of them
 * on request, so a client is tested against every one. `documented` lists, per answer, the shapes it can take,
 * the first being the default.
 */
export type Variants<D extends Record<string, readonly string[]>> = { [K in keyof D]: D[K][number] };

export function chooseVariants<D extends Record<string, readonly [string, ...string[]]>>(
  system: string,
  documented: D,
  asked: Readonly<Record<string, string>> = {},
): Variants<D> {
  for (const [name, value] of Object.entries(asked)) {
    const shapes = documented[name];
    if (!shapes) {
      const known = Object.keys(documented);
      throw new Error(
        `The ${system} emulator has no variant "${name}"${known.length ? `; it has ${known.join(', ')}` : ''}.`,
      );
    }
    if (!shapes.includes(value)) {
      throw new Error(`The ${system} emulator's "${name}" is one of ${shapes.join(', ')}, not "${value}".`);
    }
  }
  const chosen: Record<string, string> = {};
  for (const [name, shapes] of Object.entries(documented)) chosen[name] = asked[name] ?? shapes[0];
  return chosen as Variants<D>;
}
