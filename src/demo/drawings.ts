/**
 * The demo catalog's products, drawn by the project itself as SVG (no third-party images).
 * Each drawing takes a view (angle, scale, background) so that the catalog can hold several
 * "studio" views and the examples a different "shopper" view.
 */
export type View = { angle: number; scale: number; background: string; dx?: number; dy?: number };

export type DemoProduct = {
  sku: string;
  name: string;
  category: string;
  description: string;
  attributes: Record<string, string>;
  draw: () => string;
};

const mug = (body: string, band: string) => `
  <rect x="-45" y="-50" width="80" height="100" rx="8" fill="${body}"/>
  <rect x="-45" y="-10" width="80" height="18" fill="${band}"/>
  <path d="M35 -30 q40 0 40 30 q0 30 -40 30" stroke="${body}" stroke-width="12" fill="none"/>`;

const sneaker = (upper: string, sole: string) => `
  <path d="M-80 20 q0 -50 40 -50 l30 0 q20 25 60 30 q30 5 30 20 l0 10 z" fill="${upper}"/>
  <rect x="-85" y="28" width="170" height="16" rx="6" fill="${sole}"/>
  <path d="M-30 -20 l25 20 M-15 -25 l25 20" stroke="${sole}" stroke-width="5"/>`;

const bottle = (glass: string, cap: string) => `
  <rect x="-30" y="-40" width="60" height="110" rx="18" fill="${glass}"/>
  <rect x="-14" y="-70" width="28" height="34" fill="${glass}"/>
  <rect x="-17" y="-85" width="34" height="18" rx="3" fill="${cap}"/>
  <rect x="-30" y="0" width="60" height="30" fill="#ffffff" opacity="0.7"/>`;

const lamp = (shade: string, base: string) => `
  <polygon points="-55,-10 55,-10 30,-75 -30,-75" fill="${shade}"/>
  <rect x="-5" y="-10" width="10" height="70" fill="${base}"/>
  <ellipse cx="0" cy="65" rx="45" ry="12" fill="${base}"/>`;

const backpack = (body: string, pocket: string) => `
  <rect x="-55" y="-60" width="110" height="135" rx="30" fill="${body}"/>
  <rect x="-40" y="10" width="80" height="50" rx="12" fill="${pocket}"/>
  <path d="M-25 -60 q25 -35 50 0" stroke="${pocket}" stroke-width="9" fill="none"/>`;

const watch = (face: string, strap: string) => `
  <rect x="-20" y="-90" width="40" height="180" rx="10" fill="${strap}"/>
  <circle cx="0" cy="0" r="45" fill="${face}" stroke="#333" stroke-width="6"/>
  <path d="M0 0 L0 -30 M0 0 L22 8" stroke="#222" stroke-width="5"/>`;

const headphones = (band: string, cup: string) => `
  <path d="M-60 20 q0 -90 60 -90 q60 0 60 90" stroke="${band}" stroke-width="14" fill="none"/>
  <rect x="-78" y="5" width="34" height="60" rx="14" fill="${cup}"/>
  <rect x="44" y="5" width="34" height="60" rx="14" fill="${cup}"/>`;

const teapot = (body: string, lid: string) => `
  <ellipse cx="0" cy="15" rx="60" ry="48" fill="${body}"/>
  <path d="M55 0 l40 -25 l-5 12 l-30 30 z" fill="${body}"/>
  <path d="M-58 -5 q-35 20 0 45" stroke="${body}" stroke-width="10" fill="none"/>
  <ellipse cx="0" cy="-32" rx="26" ry="10" fill="${lid}"/>
  <circle cx="0" cy="-44" r="7" fill="${lid}"/>`;

const cap = (crown: string, brim: string) => `
  <path d="M-60 20 q0 -75 60 -75 q60 0 60 75 z" fill="${crown}"/>
  <path d="M20 20 q60 -5 85 12 q-40 12 -85 3 z" fill="${brim}"/>
  <circle cx="0" cy="-52" r="6" fill="${brim}"/>`;

const vase = (glaze: string, pattern: string) => `
  <path d="M-22 -80 l44 0 q-8 25 10 45 q30 40 0 95 l-64 0 q-30 -55 0 -95 q18 -20 10 -45 z" fill="${glaze}"/>
  <path d="M-38 10 q38 20 76 0" stroke="${pattern}" stroke-width="8" fill="none"/>
  <path d="M-34 30 q34 20 68 0" stroke="${pattern}" stroke-width="8" fill="none"/>`;

export const DEMO_PRODUCTS: DemoProduct[] = [
  {
    sku: 'DEMO-MUG-RED',
    name: 'Red ceramic mug',
    category: 'kitchen',
    description: 'A 300 ml ceramic mug with a white band.',
    attributes: { colour: 'red' },
    draw: () => mug('#c62828', '#fafafa'),
  },
  {
    sku: 'DEMO-MUG-BLUE',
    name: 'Blue enamel mug',
    category: 'kitchen',
    description: 'An enamel camping mug.',
    attributes: { colour: 'blue' },
    draw: () => mug('#1565c0', '#0d2f5a'),
  },
  {
    sku: 'DEMO-SNEAKER-WHITE',
    name: 'White running sneaker',
    category: 'shoes',
    description: 'A light running shoe with a grey sole.',
    attributes: { colour: 'white' },
    draw: () => sneaker('#eeeeee', '#616161'),
  },
  {
    sku: 'DEMO-SNEAKER-ORANGE',
    name: 'Orange trail sneaker',
    category: 'shoes',
    description: 'A trail shoe with a dark sole.',
    attributes: { colour: 'orange' },
    draw: () => sneaker('#ef6c00', '#212121'),
  },
  {
    sku: 'DEMO-BOTTLE-GREEN',
    name: 'Green glass bottle',
    category: 'kitchen',
    description: 'A 0.7 l glass bottle with a cork-coloured cap.',
    attributes: { colour: 'green' },
    draw: () => bottle('#2e7d32', '#a1887f'),
  },
  {
    sku: 'DEMO-LAMP-YELLOW',
    name: 'Yellow desk lamp',
    category: 'home',
    description: 'A desk lamp with a yellow shade.',
    attributes: { colour: 'yellow' },
    draw: () => lamp('#fdd835', '#424242'),
  },
  {
    sku: 'DEMO-BACKPACK-PURPLE',
    name: 'Purple backpack',
    category: 'bags',
    description: 'A 20 l backpack with a front pocket.',
    attributes: { colour: 'purple' },
    draw: () => backpack('#6a1b9a', '#ce93d8'),
  },
  {
    sku: 'DEMO-WATCH-BROWN',
    name: 'Watch with brown strap',
    category: 'accessories',
    description: 'An analogue watch on a leather strap.',
    attributes: { colour: 'brown' },
    draw: () => watch('#fffde7', '#6d4c41'),
  },
  {
    sku: 'DEMO-HEADPHONES-BLACK',
    name: 'Black headphones',
    category: 'electronics',
    description: 'Over-ear headphones.',
    attributes: { colour: 'black' },
    draw: () => headphones('#212121', '#455a64'),
  },
  {
    sku: 'DEMO-TEAPOT-TEAL',
    name: 'Teal teapot',
    category: 'kitchen',
    description: 'A 1 l stoneware teapot.',
    attributes: { colour: 'teal' },
    draw: () => teapot('#00897b', '#004d40'),
  },
  {
    sku: 'DEMO-CAP-PINK',
    name: 'Pink baseball cap',
    category: 'accessories',
    description: 'A cotton cap.',
    attributes: { colour: 'pink' },
    draw: () => cap('#ec407a', '#880e4f'),
  },
  {
    sku: 'DEMO-VASE-WHITE',
    name: 'White vase with blue pattern',
    category: 'home',
    description: 'A porcelain vase.',
    attributes: { colour: 'white' },
    draw: () => vase('#f5f5f5', '#1e88e5'),
  },
];

/** Catalog views: studio shots on light backgrounds. */
export const STUDIO_VIEWS: View[] = [
  { angle: 0, scale: 1, background: '#ffffff' },
  { angle: 12, scale: 0.85, background: '#f1f1f1' },
];

/** The shopper's view used for the examples: tilted, smaller, off-centre, on a table-coloured background. */
export const SHOPPER_VIEW: View = { angle: -18, scale: 0.7, background: '#d7c4a3', dx: 20, dy: 15 };

export function svgFor(product: DemoProduct, view: View, size = 320): string {
  const c = size / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
  <rect width="${size}" height="${size}" fill="${view.background}"/>
  <g transform="translate(${c + (view.dx ?? 0)} ${c + (view.dy ?? 0)}) rotate(${view.angle}) scale(${(view.scale * size) / 260})">${product.draw()}</g>
</svg>`;
}
