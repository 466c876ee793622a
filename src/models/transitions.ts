import { bookColor, bookLabel, type BookColor } from './bookLabel';
import { layerName } from './build';
import { netGraph } from './graph';
import { isComposite, NET_IDS, type Activation, type CompositeSpec, type LayerSpec, type LeafSpec, type NetId, type NetSpec } from './spec';

/**
 * The story's five steps, each from one network to the next, drawn as the book's Figures 2–7 draw
 * them: two columns of rows in the book's notation, aligned row by row, with what changed marked.
 */
export interface Transition {
  from: NetId;
  to: NetId;
}

export const TRANSITIONS: Transition[] = NET_IDS.slice(0, -1).map((from, i) => ({ from, to: NET_IDS[i + 1]! }));

export type RowKind = 'input' | 'conv' | 'pool' | 'dense' | 'gap' | 'norm' | 'block';

/** What kind of building block a block row is. */
export type BlockKind = 'vgg' | 'nin' | 'inception' | 'residual' | 'stage';

/**
 * One row of a column, as the book's figures draw it: a layer with weights or a pooling layer (its
 * activation and dropout folded in, as the figures leave them out), or a whole top-level block.
 */
export interface EvolveRow {
  /** The spec path of the row's layer or block ("conv1", "block2", "b3"; "input" for the image). */
  path: string;
  /** The graph node whose output the row shows: after the row's activation, the block's output. */
  node: string;
  kind: RowKind;
  /** The book's label at the paper's widths and at the shipped widths. */
  label: { paper: string; shipped: string };
  /** For a block row, what it is made of, in the book's notation (e.g. "2 × Inception · 3 × 3 MaxPool, stride 2, pad 1"). */
  parts: { paper: string; shipped: string } | null;
  blockKind: BlockKind | null;
  /** The activation that follows the layer (folded into the row), if any. */
  act: Activation | null;
  /** The dropout rate after the layer, if any. */
  dropout: number | null;
  color: BookColor;
}

export const actName = (fn: Activation) => (fn === 'relu' ? 'ReLU' : 'sigmoid');

/** A row in full at the paper's widths: its layer (or a block's parts), its activation and dropout. */
export function describeRow(row: EvolveRow): string {
  return `${row.parts?.paper ?? row.label.paper}${row.act ? ` + ${actName(row.act)}` : ''}${row.dropout ? `, dropout ${row.dropout}` : ''}`;
}

/** The label a composite carries in the book: "VGG block", "NiN block", "Inception", "Residual", "Stage b3". */
function compositeName(layer: CompositeSpec): string {
  if (layer.kind === 'branches') return 'Inception';
  if (layer.kind === 'residual') return layer.shortcut.length ? 'Residual, 1 × 1 Conv shortcut' : 'Residual';
  return layer.label.replace(/\s*\(.*$/, '');
}

function blockKindOf(layer: CompositeSpec): BlockKind {
  if (layer.kind === 'branches') return 'inception';
  if (layer.kind === 'residual') return 'residual';
  if (layer.label.startsWith('VGG')) return 'vgg';
  if (layer.label.startsWith('NiN')) return 'nin';
  const inner = layer.layers.filter(isComposite);
  if (inner.some((l) => l.kind === 'branches')) return 'inception';
  if (inner.some((l) => l.kind === 'residual')) return 'residual';
  return 'stage';
}

/** Runs of equal labels joined with " · ": "2 × 3 × 3 Conv (256), pad 1 · 2 × 2 MaxPool, stride 2". */
function runs(labels: string[]): string {
  const out: { text: string; n: number }[] = [];
  for (const text of labels) {
    const last = out.at(-1);
    if (last && last.text === text) last.n++;
    else out.push({ text, n: 1 });
  }
  // "2 × (3 × 3 Conv (256), pad 1)", not "2 × 3 × 3 Conv", which reads like a 3-D kernel.
  return out.map((r) => (r.n === 1 ? r.text : r.text.includes('×') ? `${r.n} × (${r.text})` : `${r.n} × ${r.text}`)).join(' · ');
}

/** What a block is made of: its layers (activations, dropout and flatten left out) and inner blocks. */
function partsOf(layer: CompositeSpec): string {
  const inner: LayerSpec[] = layer.kind === 'block' ? layer.layers : layer.kind === 'branches' ? layer.paths.flat() : [...layer.body, ...layer.shortcut];
  const shown = inner.filter((l) => isComposite(l) || !['activation', 'dropout', 'flatten'].includes(l.kind));
  return runs(shown.map((l) => (isComposite(l) ? compositeName(l) : bookLabel(l))));
}

function rowKind(layer: LeafSpec): RowKind | null {
  switch (layer.kind) {
    case 'conv':
      return 'conv';
    case 'avgpool':
    case 'maxpool':
      return 'pool';
    case 'dense':
      return 'dense';
    case 'gap':
      return 'gap';
    case 'batchnorm':
      return 'norm';
    default:
      return null;
  }
}

/**
 * A network's rows as the book's column figures draw it: the image, then each layer with weights or
 * pooling at the top level (its activation and dropout folded in), each top-level block as one row.
 */
export function evolveRows(net: NetSpec): EvolveRow[] {
  const graph = netGraph(net);
  const outputOf = new Map<string, string>();
  for (const item of graph.items) {
    if (item.type === 'node') continue;
    // A block that ends in flatten (GoogLeNet's b5) is shown by the maps before it.
    const out = graph.nodes[item.output]!;
    outputOf.set(item.id, out.kind === 'flatten' ? out.inputs[0]! : item.output);
  }
  const paper = net.layers(1);
  const shipped = net.layers(net.widthFactor);
  const rows: EvolveRow[] = [
    {
      path: 'input',
      node: layerName(net, 'input'),
      kind: 'input',
      label: { paper: 'Image (28 × 28)', shipped: 'Image (28 × 28)' },
      parts: null,
      blockKind: null,
      act: null,
      dropout: null,
      color: 'plain',
    },
  ];
  paper.forEach((layer, i) => {
    const small = shipped[i]!;
    const last = rows.at(-1)!;
    if (isComposite(layer)) {
      const kind = blockKindOf(layer);
      const name = (l: CompositeSpec) => (kind === 'vgg' || kind === 'nin' ? l.label.replace(/×conv/, ' × conv') : compositeName(l));
      rows.push({
        path: layer.name,
        node: outputOf.get(layer.name)!,
        kind: 'block',
        label: { paper: name(layer), shipped: name(small as CompositeSpec) },
        parts: { paper: partsOf(layer), shipped: partsOf(small as CompositeSpec) },
        blockKind: kind,
        act: null,
        dropout: null,
        color: 'conv',
      });
      const row = rows.at(-1)!;
      // A stage says what it holds: "Stage b3 · 2 × Inception".
      if (kind !== 'vgg' && kind !== 'nin') {
        row.label = { paper: `${row.label.paper} · ${blockTagName(row)}`, shipped: `${row.label.shipped} · ${blockTagName(row)}` };
      }
      return;
    }
    if (layer.kind === 'activation') {
      if (last.kind !== 'input' && last.act === null) {
        last.act = layer.fn;
        last.node = layerName(net, layer.name);
      }
      return;
    }
    if (layer.kind === 'dropout') {
      last.dropout = layer.rate;
      return;
    }
    const kind = rowKind(layer);
    if (!kind) return;
    rows.push({
      path: layer.name,
      node: layerName(net, layer.name),
      kind,
      label: { paper: bookLabel(layer), shipped: bookLabel(small as LeafSpec) },
      parts: null,
      blockKind: null,
      act: null,
      dropout: null,
      color: bookColor(layer.kind),
    });
  });
  return rows;
}

/** A row's leaf layer at the paper's widths (null for the image and for blocks). */
function leafOf(net: NetSpec, row: EvolveRow): LeafSpec | null {
  const layer = net.layers(1).find((l) => l.name === row.path);
  return layer && !isComposite(layer) ? layer : null;
}

/** Which rows of two columns are the same layer, changed or not: a longest common subsequence over the rows' kinds. */
export function matchRows(a: EvolveRow[], b: EvolveRow[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  const same = (i: number, j: number) => a[i]!.kind === b[j]!.kind;
  const len = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) len[i]![j] = same(i, j) ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (same(i, j) && len[i]![j] === len[i + 1]![j + 1]! + 1) pairs.push([i++, j++]);
    else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** A block row's name in a change tag: "VGG block", "NiN block", "2 × Inception", "2 × Residual", or its parts. */
function blockTagName(row: EvolveRow): string {
  if (row.blockKind === 'vgg') return 'VGG block';
  if (row.blockKind === 'nin') return 'NiN block';
  if (row.blockKind === 'inception' || row.blockKind === 'residual') {
    const word = row.blockKind === 'inception' ? 'Inception' : 'Residual';
    const n = row.parts!.paper.split(' · ').reduce((s, p) => {
      const m = new RegExp(`^(?:(\\d+) × \\(?)?${word}`).exec(p);
      return s + (m ? Number(m[1] ?? 1) : 0);
    }, 0);
    return `${n} × ${word}`;
  }
  // A plain stage: its parts without channel counts and paddings ("7 × 7 Conv · 3 × 3 MaxPool").
  return row.parts!.paper
    .split(' · ')
    .map((p) => p.replace(/ \(\d+\)/, '').replace(/, (stride|pad) \d+/g, '').replace('Batch norm', 'BN'))
    .join(' · ');
}

/** What changed between two rows that hold the same kind of layer, in the book's words. */
function pairTags(fromNet: NetSpec, a: EvolveRow, toNet: NetSpec, b: EvolveRow): string[] {
  const tags: string[] = [];
  // The activation first: where it changed, it is the step's point (LeNet → AlexNet).
  if (a.act && b.act && a.act !== b.act) tags.push(`${actName(a.act)} → ${actName(b.act)}`);
  if (a.kind === 'block') {
    const an = blockTagName(a);
    const bn = blockTagName(b);
    if (an === bn) return tags;
    // Only parts added (ResNet's b1 is GoogLeNet's with batch norm): say what was added.
    const pa = an.split(' · ');
    const pb = bn.split(' · ');
    let k = 0;
    const added = pb.filter((p) => (k < pa.length && p === pa[k] ? (k++, false) : true));
    if (k === pa.length && added.length) tags.push(...added.map((p) => `+ ${p === 'BN' ? 'batch norm' : p}`));
    // A plain stage is named by its label; a stage of blocks says which blocks it now repeats.
    else if (a.blockKind === 'stage' && b.blockKind !== 'stage') tags.push(`convs → ${bn}`);
    else tags.push(`${an} → ${bn}`);
    return tags;
  }
  const la = leafOf(fromNet, a);
  const lb = leafOf(toNet, b);
  if (la?.kind === 'conv' && lb?.kind === 'conv') {
    const sa = la.stride ?? 1;
    const sb = lb.stride ?? 1;
    if (la.kernel !== lb.kernel || sa !== sb) tags.push(`${la.kernel} × ${la.kernel} → ${lb.kernel} × ${lb.kernel}${sb !== sa ? `, stride ${sb}` : ''}`);
    if (la.filters !== lb.filters) tags.push(`${la.filters} → ${lb.filters} channels`);
  }
  if ((la?.kind === 'avgpool' || la?.kind === 'maxpool') && (lb?.kind === 'avgpool' || lb?.kind === 'maxpool')) {
    if (la.kind !== lb.kind) tags.push(`${la.kind === 'avgpool' ? 'AvgPool' : 'MaxPool'} → ${lb.kind === 'avgpool' ? 'AvgPool' : 'MaxPool'}`);
    if (la.pool !== lb.pool) tags.push(`${la.pool} × ${la.pool} → ${lb.pool} × ${lb.pool}`);
  }
  if (b.dropout !== null && a.dropout === null) tags.push(`+ dropout ${b.dropout}`);
  if (la?.kind === 'dense' && lb?.kind === 'dense' && la.units !== lb.units) tags.push(`${la.units} → ${lb.units} units`);
  return tags;
}

/** The change tags of one transition: on the rows of the new network, and on the rows the old one loses. */
export interface TransitionChanges {
  from: EvolveRow[];
  to: EvolveRow[];
  /** Tags by row index of `to`: what changed in that row, or that it is new. */
  toTags: string[][];
  /** Tags by row index of `from`: rows the next network drops or replaces. */
  fromTags: string[][];
}

/** Row alignment and change tags for one transition, from the two specs alone. */
export function transitionChanges(fromNet: NetSpec, toNet: NetSpec): TransitionChanges {
  const from = evolveRows(fromNet);
  const to = evolveRows(toNet);
  const pairs = matchRows(from, to);
  const toTags: string[][] = to.map(() => []);
  const fromTags: string[][] = from.map(() => []);
  const matchedTo = new Set(pairs.map(([, j]) => j));
  const matchedFrom = new Set(pairs.map(([i]) => i));
  for (const [i, j] of pairs) toTags[j] = pairTags(fromNet, from[i]!, toNet, to[j]!);
  // The dense head replaced by global average pooling over one map per class (NiN's idea).
  const droppedDense = from.some((r, i) => r.kind === 'dense' && !matchedFrom.has(i));
  const headReplaced = droppedDense && !to.some((r) => r.kind === 'dense') && to.some((r) => r.kind === 'gap');
  const lostConvs = from.some((r, i) => r.kind === 'conv' && !matchedFrom.has(i));
  to.forEach((r, j) => {
    if (matchedTo.has(j)) return;
    // A layer the old network had inside one of its blocks is not new: it got a row of its own.
    const holder = r.kind !== 'block' ? from.find((f) => f.parts?.paper.split(' · ').includes(r.label.paper)) : undefined;
    if (r.kind === 'gap' && headReplaced) toTags[j] = ['dense → 1×1 conv + global avg pool'];
    else if (holder) toTags[j] = [`was inside ${holder.path}`];
    else if (r.kind === 'block' && lostConvs) toTags[j] = [`convs → ${blockTagName(r)}`];
    else toTags[j] = ['new'];
  });
  // The figures mark nothing on the old network; only a head that the next one replaces is said.
  from.forEach((r, i) => {
    if (!matchedFrom.has(i) && r.kind === 'dense' && headReplaced) fromTags[i] = ['replaced by global avg pool'];
  });
  return { from, to, toTags, fromTags };
}
