import { useMemo, useState, memo } from 'react';
import { describeLayer } from '../models/describe';
import { paperTable, shippedTable } from '../models/shapes';
import { leaves, type NetSpec } from '../models/spec';
import { LayerTable } from './LayerTable';

/** The network's layers, shapes and costs, at the scale shipped here or at the book's (paper) scale. */
// Memoised: the page re-renders on every prediction, this card only when its network changes.
export const ArchitectureCard = memo(function ArchitectureCard({ spec }: { spec: NetSpec }) {
  const [scale, setScale] = useState<'shipped' | 'paper'>('shipped');
  const table = useMemo(() => (scale === 'shipped' ? shippedTable(spec) : paperTable(spec)), [spec, scale]);
  const factor = scale === 'shipped' ? spec.widthFactor : 1;
  const details = useMemo(
    () => Object.fromEntries(leaves(spec.layers(factor)).map(({ layer, path }) => [path.join('/'), describeLayer(layer)])),
    [spec, factor],
  );
  const upscale = scale === 'shipped' ? spec.inputSize / 28 : spec.paperInputSize / 28;
  return (
    <section className="card arch-card" aria-labelledby="arch-title">
      <div className="card-head">
        <h2 id="arch-title">Layers of {spec.title}</h2>
        <div className="segmented" role="group" aria-label="Scale">
          <button type="button" data-testid="scale-shipped" aria-pressed={scale === 'shipped'} onClick={() => setScale('shipped')}>
            Shipped here
          </button>
          <button type="button" data-testid="scale-paper" aria-pressed={scale === 'paper'} onClick={() => setScale('paper')}>
            Book / paper scale
          </button>
        </div>
      </div>
      <p className="net-facts" data-testid="arch-facts">
        {table.totalParams.toLocaleString('en-US')} parameters · {table.totalMacs.toLocaleString('en-US')} multiply-adds per digit · input{' '}
        {table.inputSize}×{table.inputSize}
        {upscale > 1 && ` (the 28×28 digit upscaled ${Number.isInteger(upscale) ? `${upscale}×` : `to ${table.inputSize}`})`}
        {factor > 1 && ` · widths ÷ ${factor}`}
      </p>
      <LayerTable table={table} detail={details} />
    </section>
  );
});
