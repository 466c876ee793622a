import type { NetId } from '../models/spec';
import { ownLabel, useOwnWeights } from './ownWeights';

/** "your training", beside a network's title while it runs on weights trained in the Learn view. */
export function OwnBadge({ net }: { net: NetId }) {
  const own = useOwnWeights();
  if (own?.net !== net) return null;
  return (
    <span className="own-badge" data-testid="own-badge" title={ownLabel(own)}>
      your training
    </span>
  );
}
