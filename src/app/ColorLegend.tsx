import { tableColor, type MapScale } from '../viz/colors';

function gradient(scale: MapScale): string {
  const stops = Array.from({ length: 9 }, (_, i) => `${tableColor(scale, Math.round((i / 8) * 255))} ${(i / 8) * 100}%`);
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** What the feature-map colours mean; every layer is scaled to its own largest value. */
export function ColorLegend() {
  return (
    <div className="legend" data-testid="legend">
      <div className="legend-item">
        <span className="legend-bar" style={{ background: gradient('signed') }} aria-hidden="true" />
        <span className="legend-ends" aria-hidden="true">
          <span>−max</span>
          <span>0</span>
          <span>+max</span>
        </span>
        <span className="legend-text">Before an activation (convolution, batch norm, sums, dense): blue below zero, red above.</span>
      </div>
      <div className="legend-item">
        <span className="legend-bar" style={{ background: gradient('positive') }} aria-hidden="true" />
        <span className="legend-ends" aria-hidden="true">
          <span>0</span>
          <span>max</span>
        </span>
        <span className="legend-text">After ReLU or sigmoid, and pooling of those: black at zero, yellow at the layer's largest value.</span>
      </div>
    </div>
  );
}
