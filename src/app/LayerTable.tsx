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

/** A torchinfo-style table: each layer's output shape (C×H×W), parameters, multiply-adds, receptive field. */
export function LayerTable({ table, detail }: { table: ShapeTable; detail: Record<string, string> }) {
  return (
    <div className="table-scroll">
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
          {table.rows.map((r) => (
            <tr key={r.path} className={r.depth === 0 ? 'top' : 'inner'}>
              <td style={{ paddingLeft: `${0.45 + r.depth * 1.1}rem` }}>
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
