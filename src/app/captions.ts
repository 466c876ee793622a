import type { GraphNode } from '../models/graph';

const dims = (shape: readonly number[]) => shape.join('×');

/** One plain sentence on what a layer does to the data, for the step-through. */
export function caption(node: GraphNode, inputShape: readonly number[] | null, isOutput: boolean): string {
  const [c] = node.shape;
  switch (node.kind) {
    case 'input':
      return 'The digit as the network receives it: 28×28 pixels, white ink on black, as in MNIST.';
    case 'upsample':
      return `The digit is upscaled inside the model to ${dims(node.shape.slice(1))}, so the book's large strides have room.`;
    case 'conv': {
      const k = node.window?.kernel ?? 1;
      const from = inputShape ? `the ${inputShape[0]} input channel${inputShape[0] === 1 ? '' : 's'}` : 'the input';
      return `${c} filters of ${k}×${k} slide over ${from}; each map is one filter's response (blue below zero, red above).`;
    }
    case 'activation':
      return node.label === 'Sigmoid' ? 'Sigmoid squashes every value into 0…1.' : 'ReLU keeps the positive responses and sets the rest to zero.';
    case 'maxpool':
    case 'avgpool': {
      const k = node.window?.kernel ?? 2;
      return `${node.kind === 'maxpool' ? 'Max' : 'Average'} pooling ${node.kind === 'maxpool' ? 'keeps the strongest response' : 'averages'} in each ${k}×${k} window, stride ${node.window?.stride ?? k}: ${dims(node.shape)}.`;
    }
    case 'batchnorm':
      return "Batch norm rescales each channel with the mean and variance learned in training.";
    case 'dropout':
      return 'Dropout is off when predicting: the values pass through unchanged.';
    case 'flatten':
      return `The maps are laid out as one vector of ${c} values for the dense layers.`;
    case 'gap':
      return `Global average pooling: each of the ${c} channels becomes its mean, one number per channel.`;
    case 'dense':
      return isOutput
        ? 'The ten outputs, one per digit; softmax turns them into the probabilities shown.'
        : `Each of the ${c} units weighs all ${inputShape?.[0] ?? ''} inputs and adds a bias.`;
    case 'concat':
      return `The paths' maps are stacked on the channel axis: ${c} channels of ${dims(node.shape.slice(1))}.`;
    case 'add':
      return node.label.includes('conv') ? 'The block adds its output g(x) to the input passed through a 1×1 convolution (to match its shape).' : 'The block adds its output g(x) to its unchanged input x: the residual connection.';
  }
}
