/**
 * RFC 5545 content lines: escaping, parameters and folding. Everything that reaches a line goes through here,
 * so a visitor's name or a description can never break out of its property.
 */

const MAX_OCTETS = 75;
const encoder = new TextEncoder();
/** C0 controls and DEL, which no iCalendar value type may carry (TEXT allows only the tab). */
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's whole job
const CONTROL = /[\u0000-\u001f\u007f]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, any line break as `\n`. Other
 * control characters have no escape in TEXT, so they are dropped.
 */
export function text(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n')
    .replace(CONTROLS, (c) => (c === '\t' ? c : ''));
}

/**
 * A quoted parameter value such as a CN. A quoted-string cannot hold a double quote or a line break, so they
 * are written with RFC 6868's caret escapes, which readers that predate it show as-is rather than choke on.
 */
export function paramValue(value: string): string {
  const escaped = value
    .replace(/\r\n?/g, '\n')
    .replace(/[\^"\n]/g, (c) => (c === '^' ? '^^' : c === '"' ? "^'" : '^n'))
    .replace(CONTROLS, '');
  return `"${escaped}"`;
}

/**
 * A value written as-is (URI, cal-address, TZID). These come from our own data, so a control character is a
 * bug: it would end the line and let the rest pose as properties of its own.
 */
export function raw(value: string): string {
  if (CONTROL.test(value)) throw new RangeError(`Control character in calendar value ${value}`);
  return value;
}

/** `NAME;PARAM=value:value`; parameter values must already be escaped with `paramValue` or `raw`. */
export function contentLine(name: string, value: string, params: Record<string, string> = {}): string {
  const head = Object.entries(params).map(([key, v]) => `;${key}=${v}`);
  return `${name}${head.join('')}:${value}`;
}

/**
 * Folds a line so that no physical line exceeds 75 octets of UTF-8, the continuation's leading space included.
 * Breaks fall between code points, never inside a multi-byte character.
 */
export function fold(line: string): string {
  if (encoder.encode(line).length <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let part = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with the space that unfolding removes, so they hold one octet less.
    const room = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > room) {
      parts.push(part);
      part = '';
      octets = 0;
    }
    part += char;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}
