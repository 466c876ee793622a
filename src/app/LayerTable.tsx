import { useState } from 'react';
import type { LayerRow, ShapeTable } from '../models/shapes';

const KIND_LABELS: Record<LayerRow['kind'], string> = {
  conv: 'Convolution',
  activation: 'Activation',
  avgpool: 'Average pool',
  maxpool: 'Max pool',
  flatten: 'Flatten',
  dense: 'Dense',
  dropout: 'Dropout',
  gap: 'Global average pool',
  batchnorm: 'Batch norm',
  block: 'Block',
  branches: 'Parallel paths',
  residual: 'Residual block',
};

const fmt = (n: number) => n.toLocaleString('en-US');

const isBlock = (r: LayerRow) => r.kind === 'block' || r.kind === 'branches' || r.kind === 'residual';

/** Every ancestor of a row is expanded (its own path's prefixes, e.g. "b3" and "b3/inception1"). */
function visible(r: LayerRow, expanded: ReadonlySet<string>): boolean {
  const parts = r.path.split('/');
  for (let i = 1; i < parts.length; i++) if (!expanded.has(parts.slice(0, i).join('/'))) return false;
  return true;
}

/**
 * A torchinfo-style table: each layer's output shape (C×H×W), parameters, multiply-adds, receptive
 * field. Blocks start collapsed; each opens to its layers.
 */
export function LayerTable({ table, detail }: { table: ShapeTable; detail: Record<string, string> }) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const blocks = table.rows.filter(isBlock).map((r) => r.path);
  const toggle = (path: string) =>
    setExpanded((old) => {
      const next = new Set(old);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return (
    <div className="table-scroll">
      {blocks.length > 0 && (
        <div className="table-tools">
          <button type="button" className="link" data-testid="expand-all" onClick={() => setExpanded(new Set(blocks))}>
            Expand all blocks
          </button>
          <button type="button" className="link" data-testid="collapse-all" onClick={() => setExpanded(new Set())}>
            Collapse all
          </button>
        </div>
      )}
      <table className="layer-table" data-testid="layer-table">
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Output</th>
            <th scope="col" className="num">
              Parameters
            </th>
            <th scope="col" className="num">
              Mult-adds
            </th>
            <th scope="col" className="num" title="Side of the input patch one unit can see">
              Receptive field
            </th>
          </tr>
        </thead>
        <tbody>
          <tr className="input-row">
            <td>
              <span className="layer-name">input</span>
            </td>
            <td className="shape">1×{table.inputSize}×{table.inputSize}</td>
            <td className="num">–</td>
            <td className="num">–</td>
            <td className="num">1×1</td>
          </tr>
          {table.rows.filter((r) => visible(r, expanded)).map((r) => (
            <tr key={r.path} className={r.depth === 0 ? 'top' : 'inner'}>
              <td style={{ paddingLeft: `${0.45 + r.depth * 1.1}rem` }}>
                {isBlock(r) ? (
                  <button
                    type="button"
                    className="toggle"
                    aria-expanded={expanded.has(r.path)}
                    aria-label={`${expanded.has(r.path) ? 'Collapse' : 'Expand'} ${r.path}`}
                    onClick={() => toggle(r.path)}
                  >
                    {expanded.has(r.path) ? '▾' : '▸'}
                  </button>
                ) : (
                  <span className="toggle-space" />
                )}
                <span className="layer-name">{r.name}</span>
                <span className="layer-kind">{detail[r.path] ?? KIND_LABELS[r.kind]}</span>
              </td>
              <td className="shape">{r.shape.join('×')}</td>
              <td className="num">{r.params ? fmt(r.params) : '–'}</td>
              <td className="num">{r.macs ? fmt(r.macs) : '–'}</td>
              <td className="num">{r.receptiveField === null ? 'all' : `${r.receptiveField}×${r.receptiveField}`}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td colSpan={2}>Total</td>
            <td className="num">{fmt(table.totalParams)}</td>
            <td className="num">{fmt(table.totalMacs)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
