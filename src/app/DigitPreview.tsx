import { useEffect, useRef } from 'react';
import { MNIST_SIZE } from '../models/preprocess';
import { paintGrey } from '../viz/digitImage';

/** The 28×28 image the network actually sees, scaled up with visible pixels. */
export function DigitPreview({ input }: { input: Float32Array | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintGrey(ref.current, input, MNIST_SIZE);
  }, [input]);
  return (
    <canvas
      ref={ref}
      className="digit-preview"
      data-testid="model-input"
      role="img"
      aria-label="The 28 by 28 pixel image the network sees"
    />
  );
}
