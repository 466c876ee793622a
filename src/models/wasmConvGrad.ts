import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];

interface DisposingBackend {
  disposeData(dataId: object): boolean;
}

interface ReadingBackend {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): tf.TensorInfo;
}

function wasmKernel(name: string): KernelFunc {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`The wasm backend has no '${name}' kernel`);
  return kernel.kernelFunc;
}

/**
 * The filter gradient of a 2-D convolution (NHWC input, HWIO filter), which tfjs's wasm backend lacks.
 *
 * dW[kh, kw, ci, co] = Σ_{b,i,j} xPad[b, i·s + kh, j·s + kw, ci] · dy[b, i, j, co]
 *
 * is itself a stride-1 'valid' convolution, dilated by the forward stride, of xPad seen as
 * [ci, H, W, b] by dy seen as a [i, j, b, co] kernel. So it is computed from the backend's own
 * PadV2, Transpose, Conv2D and Slice kernels, freeing every intermediate.
 */
const conv2dBackpropFilterWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat !== 'NHWC') throw new Error('Conv2DBackpropFilter (wasm): only NHWC is supported');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('Conv2DBackpropFilter (wasm): dilated convolutions are not supported');
  }
  const call = (name: string, kernelInputs: Record<string, tf.TensorInfo>, kernelAttrs: object) =>
    wasmKernel(name)({ inputs: kernelInputs, backend, attrs: kernelAttrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  try {
    const { top, bottom, left, right } = info.padInfo;
    const xPad = keep(
      call('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 }),
    );
    const xT = keep(call('Transpose', { x: xPad }, { perm: [3, 1, 2, 0] }));
    const dyT = keep(call('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
    const full = keep(
      call(
        'Conv2D',
        { x: xT, filter: dyT },
        {
          strides: [1, 1],
          pad: 'valid',
          dataFormat: 'NHWC',
          dilations: [info.strideHeight, info.strideWidth],
          dimRoundingMode: undefined,
        },
      ),
    );
    const [kh, kw, ci, co] = filterShape;
    const sliced = keep(call('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }));
    return call('Transpose', { x: sliced }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) (backend as unknown as DisposingBackend).disposeData(t.dataId);
  }
};

/**
 * The input gradient of a 2-D convolution (NHWC, HWIO filter) through the backend's fast Conv2D,
 * replacing tfjs's wasm Conv2DBackpropInput, which is a plain loop and was most of a training step.
 *
 * Without a stride, dx is the 'valid' convolution of dy, padded by k−1−pad, with the filter flipped in
 * space and its in/out channels swapped. With a stride, see `stridedInputGrad`.
 */
const conv2dBackpropInputWasm: KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  if (dataFormat !== 'NHWC') throw new Error('Conv2DBackpropInput (wasm): only NHWC is supported');
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [b, h, w] = inputShape;
  const [kh, kw] = filterShape;
  const [, oh, ow, co] = dy.shape as [number, number, number, number];
  const sh = info.strideHeight;
  const sw = info.strideWidth;
  const call = (name: string, kernelInputs: Record<string, tf.TensorInfo>, kernelAttrs: object) =>
    wasmKernel(name)({ inputs: kernelInputs, backend, attrs: kernelAttrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const temps: tf.TensorInfo[] = [];
  const keep = (t: tf.TensorInfo) => (temps.push(t), t);
  try {
    if (sh > 1 || sw > 1) return stridedInputGrad();
    const { top, left, bottom, right } = info.padInfo;
    const dyPad = keep(call('PadV2', { x: dy }, { paddings: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]], constantValue: 0 }));
    const flipped = keep(call('Reverse', { x: filter }, { dims: [0, 1] }));
    const swapped = keep(call('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }));
    return call('Conv2D', { x: dyPad, filter: swapped }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined });
  } finally {
    for (const t of temps) (backend as unknown as DisposingBackend).disposeData(t.dataId);
  }

  /**
   * With a stride, the convolution above would mostly multiply inserted zeros. Instead: one matrix
   * product gives each output position's contribution to its input window (dy · Wᵀ), and those
   * windows are summed into place (col2im).
   */
  function stridedInputGrad(): tf.TensorInfo {
    const ci = filterShape[2];
    const k = kh * kw * ci;
    const n = b * oh * ow;
    const dy3 = keep(call('Reshape', { x: dy }, { shape: [1, n, co] }));
    const w3 = keep(call('Reshape', { x: filter }, { shape: [1, k, co] }));
    // Transposing the small filter first is several times faster than BatchMatMul's transposeB.
    const wT = keep(call('Transpose', { x: w3 }, { perm: [0, 2, 1] }));
    const colsInfo = keep(call('BatchMatMul', { a: dy3, b: wT }, { transposeA: false, transposeB: false }));
    const cols = (backend as unknown as ReadingBackend).readSync(colsInfo.dataId) as Float32Array;
    const dx = new Float32Array(b * h * w * ci);
    const { top, left } = info.padInfo;
    for (let bi = 0; bi < b; bi++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++) {
          const base = ((bi * oh + y) * ow + x) * k;
          for (let i = 0; i < kh; i++) {
            const row = y * sh + i - top;
            if (row < 0 || row >= h) continue;
            for (let j = 0; j < kw; j++) {
              const col = x * sw + j - left;
              if (col < 0 || col >= w) continue;
              const src = base + (i * kw + j) * ci;
              const dst = ((bi * h + row) * w + col) * ci;
              for (let c = 0; c < ci; c++) dx[dst + c]! += cols[src + c]!;
            }
          }
        }
      }
    }
    return (backend as unknown as ReadingBackend).makeOutput(inputShape, 'float32', undefined, dx);
  }
};

/**
 * Registers the wasm convolution-gradient kernels once: the filter gradient, which the backend lacks,
 * and a fast input gradient. Needed to train conv layers on the wasm backend at a useful speed.
 */
export function registerWasmConvGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm });
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({ kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: conv2dBackpropInputWasm });
}
