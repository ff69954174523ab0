import type { SeedProperty } from './model.ts';
import { createRandom, oidFor, type Random } from '../shared/random.ts';

/**
 * A drawn "photo" of a property as SVG: believable on a demo agency site, a few kilobytes, and the same for
 * a property every time so screenshots stay stable. Everything varies with the property id; the building's
 * shape follows its type and bedrooms, and the agent's board follows the channel and sale state.
 */

const WIDTH = 800;
const HEIGHT = 600;
/** Where walls meet the front garden. */
const BASE = 500;

const SKIES = [
  ['#8ec5ea', '#dff1fb'],
  ['#a9c7e0', '#eef3f7'],
  ['#f3c9a3', '#fbeadb'],
  ['#9fb8cf', '#e3e9ee'],
] as const;
const BRICK = ['#a4553b', '#b5653f', '#8e4a36'] as const;
const RENDER = [
  '#efe7d6',
  '#e9dcc0',
  '#d9c39a',
  '#cfb784',
  '#c9d8e4',
  '#ead0cb',
  '#d3dcc4',
  '#f4f1ea',
] as const;
const SLATE = ['#4b5563', '#5b6470', '#3f4a57'] as const;
const TILE = ['#9c4a32', '#8a4b3a', '#a85c3c'] as const;
const DOORS = ['#1f3a5f', '#8b1e2d', '#2f5d3a', '#222831', '#c8a02a', '#4f6d8a', '#6b3f6e'] as const;
const BRAND = '#17324d';

interface Palette {
  wall: string;
  brick: boolean;
  roof: string;
  door: string;
}

/** The SVG document for one property. */
export function propertyPhoto(property: SeedProperty): string {
  const random = createRandom(`photo:${property.id}`);
  const [skyTop, skyBottom] = random.pick(SKIES);
  const brick = random.chance(0.35);
  const palette: Palette = {
    brick,
    wall: brick ? random.pick(BRICK) : random.pick(RENDER),
    roof: random.chance(0.6) ? random.pick(SLATE) : random.pick(TILE),
    door: random.pick(DOORS),
  };

  const building = drawBuilding(property, palette, random);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img">`,
    `<title>${escapeXml(`${property.propertyType}, ${property.address1}, ${property.town}`)}</title>`,
    '<defs>',
    `<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${skyTop}"/><stop offset="1" stop-color="${skyBottom}"/></linearGradient>`,
    '<linearGradient id="glass" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#dcebf5"/><stop offset=".55" stop-color="#7f9fb8"/><stop offset="1" stop-color="#5d7a91"/></linearGradient>',
    '<pattern id="bricks" width="24" height="12" patternUnits="userSpaceOnUse"><path d="M0 12h24M0 6h24M12 0v6M0 6v6M24 6v6" stroke="#000" stroke-opacity=".12" fill="none"/></pattern>',
    `<g id="w"><rect width="${building.window.w}" height="${building.window.h}" fill="#f7f5f0"/><rect x="5" y="5" width="${building.window.w - 10}" height="${building.window.h - 10}" fill="url(#glass)"/><path d="M5 ${building.window.h / 2}h${building.window.w - 10}M${building.window.w / 2} 5v${building.window.h - 10}" stroke="#f7f5f0" stroke-width="3"/><rect x="-4" y="${building.window.h}" width="${building.window.w + 8}" height="5" fill="#e4e0d6"/></g>`,
    '</defs>',
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="url(#sky)"/>`,
    clouds(random),
    `<path d="M0 ${BASE - 60} Q200 ${BASE - 110} 420 ${BASE - 70} T${WIDTH} ${BASE - 80} V${BASE}H0Z" fill="#9db58a" opacity=".7"/>`,
    `<rect y="${BASE - 8}" width="${WIDTH}" height="${HEIGHT - BASE + 8}" fill="#7fa35f"/>`,
    building.trees ? trees(random) : '',
    building.svg,
    `<path d="M${building.doorX - 8} ${BASE}h${building.doorW + 16}l40 ${HEIGHT - BASE - 45}h-${building.doorW + 96}z" fill="#d9d2c3"/>`,
    `<rect y="${HEIGHT - 45}" width="${WIDTH}" height="45" fill="#c9c4bb"/><rect y="${HEIGHT - 47}" width="${WIDTH}" height="4" fill="#aaa49a"/>`,
    board(property, random),
    '</svg>',
  ];
  return parts.filter(Boolean).join('');
}

interface Building {
  svg: string;
  window: { w: number; h: number };
  doorX: number;
  doorW: number;
  trees: boolean;
}

function drawBuilding(property: SeedProperty, palette: Palette, random: Random): Building {
  switch (property.propertyType) {
    case 'Studio':
    case 'Flat':
      return apartmentBlock(palette, random, random.int(4, 5), 5, false);
    case 'Maisonette':
      return apartmentBlock(palette, random, 3, 4, true);
    case 'Terraced house':
      return terrace(palette, random, property.bedrooms >= 4 ? 3 : 2);
    case 'Semi-detached house':
      return semiDetached(palette, random);
    case 'Detached house':
      return detached(palette, random, property.bedrooms);
    case 'Cottage':
      return cottage(palette, random);
  }
}

function apartmentBlock(
  p: Palette,
  random: Random,
  storeys: number,
  columns: number,
  twoDoors: boolean,
): Building {
  const floor = 64;
  const w = 120 + columns * 70;
  const x = (WIDTH - w) / 2;
  const top = BASE - storeys * floor;
  const win = { w: 40, h: 44 };
  const balconies = random.chance(0.5);
  const door = { w: 54, x: WIDTH / 2 - 27 };
  const out = [
    wall(x, top, w, storeys * floor, p),
    `<rect x="${x - 8}" y="${top - 14}" width="${w + 16}" height="14" fill="#e7e3da"/>`,
  ];
  for (let storey = 0; storey < storeys; storey++) {
    const y = BASE - (storey + 1) * floor + 12;
    for (let column = 0; column < columns; column++) {
      const wx = x + 60 + column * 70 + 15;
      const doorway =
        storey === 0 &&
        (twoDoors ? column === 0 || column === columns - 1 : column === Math.floor(columns / 2));
      if (doorway) continue;
      out.push(use(wx, y));
      if (balconies && storey > 0 && column % 2 === 1) {
        out.push(
          `<path d="M${wx - 10} ${y + win.h + 6}h${win.w + 20}M${wx - 10} ${y + 26}h${win.w + 20}" stroke="#3a3f44" stroke-width="3"/>`,
        );
      }
    }
  }
  if (twoDoors) {
    out.push(doorway(x + 60 + 12, 50, p.door), doorway(x + 60 + (columns - 1) * 70 + 8, 50, p.door));
  } else {
    out.push(
      `<rect x="${door.x - 14}" y="${BASE - floor - 6}" width="${door.w + 28}" height="8" fill="#3a3f44"/>`,
    );
    out.push(
      `<rect x="${door.x}" y="${BASE - 58}" width="${door.w}" height="58" fill="url(#glass)" stroke="#3a3f44" stroke-width="4"/>`,
    );
  }
  return { svg: out.join(''), window: win, doorX: door.x, doorW: door.w, trees: true };
}

function terrace(p: Palette, random: Random, storeys: number): Building {
  // Tall enough that the first-floor windows clear the door's fanlight.
  const floor = 96;
  const unit = 190;
  const height = storeys * floor;
  const top = BASE - height;
  const out: string[] = [
    `<path d="M-20 ${top}H${WIDTH + 20}V${top - 62}H-20Z" fill="${p.roof}"/>`,
    `<rect x="-20" y="${top - 64}" width="${WIDTH + 40}" height="5" fill="#2f343a" opacity=".5"/>`,
  ];
  const mainX = (WIDTH - unit) / 2;
  for (let index = -2; index <= 2; index++) {
    const x = mainX + index * unit;
    const tint =
      index === 0 ? p : { ...p, wall: shade(p.wall, index % 2 === 0 ? -10 : 8), door: random.pick(DOORS) };
    out.push(
      wall(x, top, unit, height, tint),
      `<rect x="${x}" y="${top}" width="3" height="${height}" fill="#000" opacity=".15"/>`,
    );
    for (let storey = 1; storey < storeys; storey++) {
      const y = BASE - (storey + 1) * floor + 16;
      out.push(use(x + 34, y), use(x + 112, y));
    }
    out.push(use(x + 112, BASE - floor + 24), doorway(x + 36, 48, tint.door));
    out.push(chimney(x + unit - 30, top - 62, p));
  }
  return { svg: out.join(''), window: { w: 46, h: 56 }, doorX: mainX + 36, doorW: 48, trees: false };
}

function semiDetached(p: Palette, random: Random): Building {
  const floor = 80;
  const w = 420;
  const x = (WIDTH - w) / 2;
  const top = BASE - 2 * floor;
  const neighbour = { ...p, door: random.pick(DOORS) };
  const out = [
    `<path d="M${x - 16} ${top}H${x + w + 16}L${x + w - 70} ${top - 95}H${x + 70}Z" fill="${p.roof}"/>`,
    chimney(x + w / 2 - 14, top - 120, p),
    wall(x, top, w, 2 * floor, p),
    `<rect x="${x + w / 2 - 1}" y="${top}" width="2" height="${2 * floor}" fill="#000" opacity=".2"/>`,
  ];
  for (const [half, colours] of [
    [0, p],
    [1, neighbour],
  ] as const) {
    const hx = x + half * (w / 2);
    out.push(use(hx + 40, top + 16), use(hx + 120, top + 16));
    const doorX = half === 0 ? hx + 24 : hx + w / 2 - 72;
    const windowX = half === 0 ? hx + 120 : hx + 40;
    out.push(use(windowX, BASE - floor + 14), doorway(doorX, 48, colours.door));
    out.push(`<path d="M${doorX - 10} ${BASE - 92}h68l-8 -16h-52z" fill="${p.roof}"/>`);
  }
  return { svg: out.join(''), window: { w: 50, h: 56 }, doorX: x + 24, doorW: 48, trees: true };
}

function detached(p: Palette, random: Random, bedrooms: number): Building {
  const floor = 82;
  const w = bedrooms >= 5 ? 420 : 360;
  const x = (WIDTH - w) / 2 - (bedrooms >= 5 ? 30 : 0);
  const top = BASE - 2 * floor;
  const hipped = random.chance(0.5);
  const out = [
    hipped
      ? `<path d="M${x - 16} ${top}H${x + w + 16}L${x + w - 80} ${top - 100}H${x + 80}Z" fill="${p.roof}"/>`
      : `<path d="M${x - 16} ${top}H${x + w + 16}L${x + w} ${top - 100}H${x}Z" fill="${p.roof}"/>`,
    chimney(x + w - 70, top - 118, p),
    wall(x, top, w, 2 * floor, p),
  ];
  const gableX = x + w - 150;
  out.push(
    `<path d="M${gableX - 10} ${top + 2}L${gableX + 75} ${top - 70}L${gableX + 160} ${top + 2}Z" fill="${p.roof}"/>`,
    `<path d="M${gableX + 8} ${top}L${gableX + 75} ${top - 52}L${gableX + 142} ${top}Z" fill="${shade(p.wall, -6)}"/>`,
  );
  const columns = w >= 420 ? 4 : 3;
  const step = (w - 60) / columns;
  for (let column = 0; column < columns; column++)
    out.push(use(x + 30 + column * step + (step - 54) / 2, top + 16));
  const doorX = x + 30 + (step - 54) / 2;
  for (let column = 1; column < columns; column++)
    out.push(use(x + 30 + column * step + (step - 54) / 2, BASE - floor + 14));
  out.push(doorway(doorX + 2, 50, p.door));
  if (bedrooms >= 5) {
    out.push(
      `<rect x="${x + w}" y="${BASE - 96}" width="120" height="96" fill="${p.wall}"/>`,
      `<path d="M${x + w - 4} ${BASE - 96}h128l-12 -26h-104z" fill="${p.roof}"/>`,
      `<rect x="${x + w + 14}" y="${BASE - 74}" width="92" height="74" fill="#e9e6df"/>`,
      `<path d="M${x + w + 14} ${BASE - 56}h92M${x + w + 14} ${BASE - 38}h92M${x + w + 14} ${BASE - 20}h92" stroke="#c8c3b8" stroke-width="2"/>`,
    );
  }
  return { svg: out.join(''), window: { w: 54, h: 58 }, doorX: doorX + 2, doorW: 50, trees: true };
}

function cottage(p: Palette, random: Random): Building {
  const w = 340;
  const x = (WIDTH - w) / 2;
  const top = BASE - 110;
  const thatch = random.chance(0.5);
  const roof = thatch ? '#b48a4c' : p.roof;
  const out = [
    wall(x, top, w, 110, { ...p, brick: false, wall: random.pick(['#e8dcc0', '#f1ece0', '#d8c49a']) }),
    `<path d="M${x - 24} ${top + 6}Q${x - 10} ${top - 150} ${x + 60} ${top - 150}H${x + w - 60}Q${x + w + 10} ${top - 150} ${x + w + 24} ${top + 6}Z" fill="${roof}"/>`,
    chimney(x + w - 60, top - 175, { ...p, wall: '#cdb893', brick: false }),
  ];
  for (const dx of [70, w - 130]) {
    out.push(
      `<path d="M${x + dx - 12} ${top - 40}Q${x + dx + 30} ${top - 100} ${x + dx + 72} ${top - 40}Z" fill="${shade(roof, -12)}"/>`,
      use(x + dx + 10, top - 72),
    );
  }
  out.push(use(x + 40, top + 32), use(x + w - 92, top + 32), doorway(x + w / 2 - 24, 48, p.door));
  out.push(`<path d="M${x + w / 2 - 38} ${top + 12}h76l-10 -20h-56z" fill="${roof}"/>`);
  for (let rose = 0; rose < 7; rose++) {
    out.push(
      `<circle cx="${x + 10 + rose * 13}" cy="${BASE - 8 - (rose % 3) * 14}" r="7" fill="${rose % 2 ? '#d9667a' : '#3f6b35'}"/>`,
    );
  }
  return { svg: out.join(''), window: { w: 52, h: 48 }, doorX: x + w / 2 - 24, doorW: 48, trees: true };
}

function wall(x: number, y: number, w: number, h: number, p: Palette): string {
  const base = `<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" fill="${p.wall}"/>`;
  return p.brick
    ? `${base}<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" fill="url(#bricks)"/>`
    : base;
}

const use = (x: number, y: number) => `<use href="#w" x="${r(x)}" y="${r(y)}"/>`;

function doorway(x: number, w: number, colour: string): string {
  const h = 86;
  const y = BASE - h;
  return (
    `<rect x="${r(x - 6)}" y="${y - 24}" width="${w + 12}" height="${h + 24}" fill="#f4f1ea"/>` +
    `<path d="M${r(x)} ${y - 2}a${w / 2} 18 0 0 1 ${w} 0z" fill="url(#glass)"/>` +
    `<rect x="${r(x)}" y="${y}" width="${w}" height="${h}" fill="${colour}"/>` +
    `<rect x="${r(x + 8)}" y="${y + 10}" width="${w - 16}" height="30" fill="none" stroke="#000" stroke-opacity=".25" stroke-width="2"/>` +
    `<circle cx="${r(x + w - 10)}" cy="${y + 50}" r="3" fill="#d8b45a"/>` +
    `<rect x="${r(x - 10)}" y="${BASE - 2}" width="${w + 20}" height="8" fill="#bfb7a8"/>`
  );
}

function chimney(x: number, y: number, p: Palette): string {
  return (
    `<rect x="${r(x)}" y="${r(y)}" width="28" height="40" fill="${p.brick ? p.wall : shade(p.wall, -18)}"/>` +
    `<rect x="${r(x - 3)}" y="${r(y)}" width="34" height="6" fill="#8d8a84"/>` +
    `<rect x="${r(x + 5)}" y="${r(y - 10)}" width="7" height="10" fill="#a35d43"/><rect x="${r(x + 16)}" y="${r(y - 10)}" width="7" height="10" fill="#a35d43"/>`
  );
}

function clouds(random: Random): string {
  let out = '';
  for (let index = 0; index < random.int(2, 3); index++) {
    const cx = random.int(60, 740);
    const cy = random.int(50, 150);
    out += `<g fill="#fff" opacity=".85"><ellipse cx="${cx}" cy="${cy}" rx="58" ry="18"/><ellipse cx="${cx - 24}" cy="${cy - 10}" rx="28" ry="20"/><ellipse cx="${cx + 18}" cy="${cy - 14}" rx="32" ry="24"/></g>`;
  }
  return out;
}

function trees(random: Random): string {
  let out = '';
  for (const x of [random.int(40, 90), random.int(700, 760)]) {
    const size = random.int(44, 64);
    const y = BASE - 40 - size;
    out +=
      `<rect x="${x - 6}" y="${y + size / 2}" width="12" height="${BASE - y - size / 2}" fill="#6b4a32"/>` +
      `<g fill="#3f6b35"><circle cx="${x}" cy="${y}" r="${size}"/><circle cx="${x - size * 0.6}" cy="${y + size * 0.4}" r="${r(size * 0.7)}"/><circle cx="${x + size * 0.6}" cy="${y + size * 0.35}" r="${r(size * 0.7)}"/></g>` +
      `<circle cx="${x - size * 0.3}" cy="${y - size * 0.3}" r="${r(size * 0.45)}" fill="#5a8a48"/>`;
  }
  return out;
}

/** The agent's board in the front garden, so a picture says at a glance what is on offer. */
function board(property: SeedProperty, random: Random): string {
  const label =
    property.channel === 'lettings' ? 'TO LET' : property.state === 'UnderOffer' ? 'UNDER OFFER' : 'FOR SALE';
  const x = random.chance(0.5) ? 640 : 40;
  return (
    `<rect x="${x + 56}" y="${BASE - 40}" width="8" height="${HEIGHT - BASE - 5}" fill="#5b4a3a"/>` +
    `<rect x="${x}" y="${BASE - 120}" width="120" height="80" rx="4" fill="#fff" stroke="${BRAND}" stroke-width="3"/>` +
    `<rect x="${x}" y="${BASE - 120}" width="120" height="34" rx="4" fill="${BRAND}"/>` +
    `<text x="${x + 60}" y="${BASE - 97}" font-family="Georgia, serif" font-size="${label.length > 8 ? 14 : 17}" font-weight="700" fill="#fff" text-anchor="middle">${label}</text>` +
    `<text x="${x + 60}" y="${BASE - 66}" font-family="Georgia, serif" font-size="12" fill="${BRAND}" text-anchor="middle">Harbour &amp; Finch</text>` +
    `<text x="${x + 60}" y="${BASE - 50}" font-family="Arial, sans-serif" font-size="9" fill="#555" text-anchor="middle">Estate Agents</text>`
  );
}

const r = (value: number) => Math.round(value);

/** Lightens (positive) or darkens (negative) a `#rrggbb` colour by a percentage. */
function shade(hex: string, percent: number): string {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16);
    const next = percent < 0 ? value * (1 + percent / 100) : value + (255 - value) * (percent / 100);
    return Math.round(Math.min(255, Math.max(0, next)))
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(1)}${channel(3)}${channel(5)}`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One picture agentOS holds for a home, as the advertising tier lists it (`PhotoModel`). */
export interface SeedPhoto {
  id: string;
  /** The lettings property id or the sales instruction id it was listed under. */
  propertyId: string;
  type: 'Photo' | 'FloorPlan' | 'Map';
  /** Ordering number, from 1. */
  number: number;
  name: string;
  fileName: string;
}

/**
 * Best guess: which pictures a home has and their order. A floor plan first (agents often number it first),
 * then the front photo. A home listed
 * without pictures (`noPhotos`) has none, as newly listed homes often have none yet.
 */
export function photosOf(property: SeedProperty): SeedPhoto[] {
  if (property.noPhotos) return [];
  const photo = (type: SeedPhoto['type'], number: number, name: string): SeedPhoto => ({
    id: oidFor(`photo:${property.id}:${number}`),
    propertyId: property.id,
    type,
    number,
    name,
    fileName: `${name.toLowerCase().replace(/\s+/g, '-')}.svg`,
  });
  return [photo('FloorPlan', 1, 'Floor plan'), photo('Photo', 2, 'Front')];
}

/** The document for one listed picture: the drawn front for a `Photo`, a plain plan otherwise. */
export function photoDocument(property: SeedProperty, photo: SeedPhoto): string {
  return photo.type === 'Photo' ? propertyPhoto(property) : floorPlan(property);
}

function floorPlan(property: SeedProperty): string {
  const rooms = Math.max(2, property.bedrooms + 2);
  const width = WIDTH - 100;
  const cell = width / rooms;
  const walls = Array.from(
    { length: rooms },
    (_, i) =>
      `<rect x="${50 + i * cell}" y="150" width="${cell}" height="300" fill="#fff" stroke="#17324d" stroke-width="4"/>`,
  ).join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img">`,
    `<title>${escapeXml(`Floor plan, ${property.address1}, ${property.town}`)}</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#f4f1ea"/>`,
    walls,
    `<text x="50" y="520" font-family="sans-serif" font-size="24" fill="${BRAND}">Floor plan (not to scale)</text>`,
    '</svg>',
  ].join('');
}
