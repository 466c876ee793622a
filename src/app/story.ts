import type { NetId } from '../models/spec';

export interface StoryEntry {
  /** The one idea the network added, in a few plain sentences. */
  idea: string;
  /** What changed from the network before it in the story (null for the first). */
  change: string | null;
  /** The published result of the full-size network and its parameter count, labelled as such in the app. */
  published: { benchmark: string; result: string; parameters: string };
}

/** The LeNet → ResNet story, in our own words, with each full-size network's published result. */
export const STORY: Record<NetId, StoryEntry> = {
  lenet: {
    idea:
      'Learn the features instead of designing them. Small convolution filters slide over the image and share their weights, pooling shrinks the maps, and a few dense layers turn what is left into a decision — all trained end to end by gradient descent.',
    change: null,
    published: { benchmark: 'MNIST', result: '0.95% test error', parameters: 'about 60 thousand' },
  },
  alexnet: {
    idea:
      'Go big and deep on real photographs. Eight learned layers, ReLU instead of sigmoid so gradients do not fade, max-pooling, and dropout against over-fitting — trained on GPUs, it beat hand-engineered features on ImageNet by a wide margin.',
    change:
      'From LeNet: much wider layers, an 11×11 stride-4 first convolution for large images, ReLU instead of sigmoid, max- instead of average pooling, three extra convolutions, and dropout in the dense layers.',
    published: { benchmark: 'ImageNet (ILSVRC-2012, winner)', result: '15.3% top-5 error', parameters: 'about 60 million' },
  },
  vgg: {
    idea:
      'Build networks from one repeated block. A VGG block is a few 3×3 convolutions followed by a 2×2 max-pool; stacking blocks of the same shape makes depth a simple setting, and two 3×3 layers see as far as one 5×5 with fewer weights.',
    change:
      'From AlexNet: every convolution is 3×3 with padding 1, grouped into blocks that each halve the size and double the channels; the network is described by a list of (convolutions, channels) pairs.',
    published: { benchmark: 'ImageNet (ILSVRC-2014, 2nd in classification)', result: '7.3% top-5 error', parameters: '133 million (VGG-11)' },
  },
  nin: {
    idea:
      'Put a tiny network at every pixel. After each convolution, two 1×1 convolutions mix the channels at each position like a small dense network, and the classifier at the end is just global average pooling over one map per class — no big dense layers.',
    change:
      'From VGG and AlexNet: each convolution is followed by two 1×1 convolutions (a NiN block), and the final dense layers, which held most of the weights, are replaced by a 10-channel convolution and global average pooling.',
    published: { benchmark: 'CIFAR-10 (with augmentation)', result: '8.81% test error', parameters: 'not stated in the paper' },
  },
  googlenet: {
    idea:
      'Let the network choose its filter size. An Inception block runs 1×1, 3×3 and 5×5 convolutions and a max-pool side by side and concatenates their channels; cheap 1×1 convolutions shrink the channels first, so the block stays affordable.',
    change:
      'From NiN: the repeated unit becomes a block of four parallel paths joined on the channel axis, arranged in five stages (b1–b5), still ending in global average pooling, with one small dense layer.',
    published: { benchmark: 'ImageNet (ILSVRC-2014, winner)', result: '6.67% top-5 error', parameters: '12× fewer than AlexNet (about 5 million)' },
  },
  resnet: {
    idea:
      'Learn the change, not the whole mapping. A residual block adds its input back to its output, f(x) = x + g(x), so a block can do nothing by default and gradients flow straight through the shortcut — which makes very deep networks trainable. Batch normalisation keeps every layer well scaled.',
    change:
      'From GoogLeNet: the repeated unit is a residual block (two 3×3 convolutions with batch norm) with a shortcut around it; when a block halves the size, a 1×1 convolution with stride 2 reshapes the shortcut to match.',
    published: { benchmark: 'ImageNet (ILSVRC-2015, winner)', result: '3.57% top-5 error', parameters: '11.7 million (ResNet-18)' },
  },
};
