import type { LayerSpec } from './spec';

/** A short human description of one spec layer, e.g. "Conv 5×5, 6 filters, padding 2". */
export function describeLayer(layer: LayerSpec): string {
  switch (layer.kind) {
    case 'conv': {
      const extras = [layer.stride && layer.stride > 1 ? `stride ${layer.stride}` : '', layer.padding ? `padding ${layer.padding}` : '']
        .filter(Boolean)
        .join(', ');
      return `Conv ${layer.kernel}×${layer.kernel}, ${layer.filters} filters${extras ? `, ${extras}` : ''}`;
    }
    case 'activation':
      return layer.fn === 'sigmoid' ? 'Sigmoid' : 'ReLU';
    case 'avgpool':
    case 'maxpool':
      return `${layer.kind === 'avgpool' ? 'Avg' : 'Max'} pool ${layer.pool}×${layer.pool}, stride ${layer.stride ?? layer.pool}`;
    case 'flatten':
      return 'Flatten';
    case 'dense':
      return `Dense, ${layer.units} units`;
    case 'dropout':
      return `Dropout ${layer.rate}`;
    case 'gap':
      return 'Global average pool';
    case 'batchnorm':
      return 'Batch norm';
    case 'block':
    case 'branches':
    case 'residual':
      return layer.label;
  }
}
