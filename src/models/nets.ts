import type { NetId, NetSpec } from './spec';
import { lenet } from './specs/lenet';

/** Every network of the story by id. */
export const NETS: Record<NetId, NetSpec> = { lenet };
