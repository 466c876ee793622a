import type { NetId, NetSpec } from './spec';
import { alexnet } from './specs/alexnet';
import { googlenet } from './specs/googlenet';
import { lenet } from './specs/lenet';
import { nin } from './specs/nin';
import { resnet } from './specs/resnet';
import { vgg } from './specs/vgg';

/** Every network of the story by id, in the book's order. */
export const NETS: Record<NetId, NetSpec> = { lenet, alexnet, vgg, nin, googlenet, resnet };

/**
 * The networks whose trained weights are committed under public/weights, in the story's order. The
 * app offers only these; a network joins once its training run meets its accuracy target.
 */
export const SHIPPED_NETS: readonly NetId[] = ['lenet', 'alexnet', 'vgg', 'nin', 'googlenet', 'resnet'];
