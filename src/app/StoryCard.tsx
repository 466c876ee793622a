import { memo } from 'react';
import type { NetSpec } from '../models/spec';
import { STORY } from './story';

/** What the network added to the story, what it changed, and its published result at full size. */
// Memoised: the page re-renders on every prediction, this card only when its network changes.
export const StoryCard = memo(function StoryCard({ spec }: { spec: NetSpec }) {
  const story = STORY[spec.id];
  return (
    <section className="card story-card" aria-labelledby="story-title">
      <h2 id="story-title">
        {spec.title} <span className="year">{spec.year}</span>
      </h2>
      <p className="paper">{spec.paper}</p>
      <h3>The idea</h3>
      <p>{story.idea}</p>
      {story.change && (
        <>
          <h3>What changed</h3>
          <p>{story.change}</p>
        </>
      )}
      <h3>Published, at full size</h3>
      <p className="published">
        {story.published.benchmark}: <strong>{story.published.result}</strong> · parameters: {story.published.parameters}
      </p>
      <h3>This model</h3>
      <p className="fine tight">
        {spec.deviations.length === 0
          ? 'Layer for layer the network of the d2l book, trained here on MNIST.'
          : `The book's network, trained here on MNIST, except: ${spec.deviations.join('; ')}.`}
      </p>
    </section>
  );
});
