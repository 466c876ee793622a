import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];

interface DisposingBackend {
  disposeData(dataId: object): boolean;
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

/** Registers the wasm filter-gradient kernel once; needed to train conv layers on the wasm backend. */
export function registerWasmConvGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2dBackpropFilterWasm });
}
