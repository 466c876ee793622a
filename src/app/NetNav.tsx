import { NETS, SHIPPED_NETS } from '../models/nets';
import type { NetId } from '../models/spec';

interface Props {
  net: NetId;
  onChange: (net: NetId) => void;
}

/** Picks a network, and steps through the story in the book's order with Previous / Next. */
export function NetNav({ net, onChange }: Props) {
  const i = SHIPPED_NETS.indexOf(net);
  const prev = SHIPPED_NETS[i - 1];
  const next = SHIPPED_NETS[i + 1];
  return (
    <nav className="net-nav" aria-label="Networks, in the order of the story">
      <button type="button" data-testid="prev" disabled={!prev} onClick={() => prev && onChange(prev)}>
        ← {prev ? NETS[prev].title : 'Previous'}
      </button>
      <div className="segmented net-tabs" role="group" aria-label="Network">
        {SHIPPED_NETS.map((id) => (
          <button key={id} type="button" data-testid={`net-${id}`} aria-pressed={id === net} onClick={() => onChange(id)}>
            {NETS[id].title} <span className="tab-year">{NETS[id].year}</span>
          </button>
        ))}
      </div>
      <button type="button" data-testid="next" disabled={!next} onClick={() => next && onChange(next)}>
        {next ? NETS[next].title : 'Next'} →
      </button>
    </nav>
  );
}
