import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelJson, fetchArtifacts, fetchModel, fromArtifacts, modelFromArtifacts, toArtifacts, WeightsError, withWeights, type ModelJson } from './weights';

function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const out = tf.layers.dense({ units: 2, name: 'd' }).apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

async function saved(model: tf.LayersModel): Promise<{ json: ModelJson; data: ArrayBuffer }> {
  let result: { json: ModelJson; data: ArrayBuffer } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      result = fromArtifacts(artifacts, 'weights.bin');
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return result!;
}

/** A fetch that serves a few in-memory files, 404 for the rest. */
function fakeFetch(files: Record<string, string | ArrayBuffer>): typeof fetch {
  return (async (url: string) => {
    const body = files[url];
    if (body === undefined) return new Response('not found', { status: 404 });
    return new Response(body, { status: 200 });
  }) as typeof fetch;
}

describe('weight files', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('round-trips a model through model.json + weights.bin and predicts the same', async () => {
    const model = tinyModel();
    const { json, data } = await saved(model);
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    expect(data.byteLength).toBe((3 * 2 + 2) * 4);
    const loaded = await fetchModel('/w/model.json', fakeFetch({ '/w/model.json': JSON.stringify(json), '/w/weights.bin': data }));
    const x = tf.tensor2d([[0.5, -1, 2]]);
    const a = await (model.predict(x) as tf.Tensor).data();
    const b = await (loaded.predict(x) as tf.Tensor).data();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('one download builds the model again and again, each copy on its own weights', async () => {
    const model = tinyModel();
    const { json, data } = await saved(model);
    const artifacts = await fetchArtifacts('/w/model.json', fakeFetch({ '/w/model.json': JSON.stringify(json), '/w/weights.bin': data }));
    const x = tf.tensor2d([[0.5, -1, 2]]);
    const want = Array.from(await (model.predict(x) as tf.Tensor).data());
    const first = await modelFromArtifacts(artifacts, '/w/model.json');
    first.dispose();
    for (let i = 0; i < 2; i++) {
      const again = await modelFromArtifacts(artifacts, '/w/model.json');
      expect(Array.from(await (again.predict(x) as tf.Tensor).data())).toEqual(want);
      again.dispose();
    }
  });

  it('says which file is missing, malformed or truncated', async () => {
    const { json, data } = await saved(tinyModel());
    const text = JSON.stringify(json);
    await expect(fetchModel('/w/model.json', fakeFetch({}))).rejects.toThrow(/\/w\/model\.json \(HTTP 404\)/);
    await expect(fetchModel('/w/model.json', fakeFetch({ '/w/model.json': '{"modelTop' }))).rejects.toThrow(/not valid JSON/);
    await expect(fetchModel('/w/model.json', fakeFetch({ '/w/model.json': text }))).rejects.toThrow(/weights\.bin \(HTTP 404\)/);
    await expect(
      fetchModel('/w/model.json', fakeFetch({ '/w/model.json': text, '/w/weights.bin': data.slice(0, 20) })),
    ).rejects.toThrow(/20 bytes but the manifest describes 32/);
    await expect(fetchModel('/w/model.json', fakeFetch({ '/w/model.json': text, '/w/weights.bin': data.slice(0, 20) }))).rejects.toBeInstanceOf(
      WeightsError,
    );
  });

  it('rejects a model.json without topology or manifest', () => {
    expect(() => checkModelJson(null)).toThrow(/not a JSON object/);
    expect(() => checkModelJson({ weightsManifest: [] })).toThrow(/no model topology/);
    expect(() => checkModelJson({ modelTopology: {}, weightsManifest: [] })).toThrow(/no weights manifest/);
    expect(() => checkModelJson({ modelTopology: {}, weightsManifest: [{ paths: 'x' }] })).toThrow(/malformed/);
  });

  it('joins several weight files in manifest order', () => {
    const json: ModelJson = {
      modelTopology: {},
      weightsManifest: [
        { paths: ['a.bin'], weights: [{ name: 'a', shape: [2], dtype: 'float32' }] },
        { paths: ['b.bin'], weights: [{ name: 'b', shape: [1], dtype: 'float32' }] },
      ],
    };
    const art = toArtifacts(json, [new Float32Array([1, 2]).buffer, new Float32Array([3]).buffer]);
    expect(Array.from(new Float32Array(art.weightData as ArrayBuffer))).toEqual([1, 2, 3]);
  });
});

describe('weights trained elsewhere (the Learn view)', () => {
  it('replace the shipped values by name, and a missing or misshapen weight is refused', async () => {
    const model = tinyModel();
    const { json, data } = await saved(model);
    const artifacts = toArtifacts(json, [data]);
    const names = artifacts.weightSpecs!.map((w) => w.name);
    const kernel = { name: names.find((n) => n.endsWith('kernel'))!, shape: [3, 2], data: Float32Array.from([1, 2, 3, 4, 5, 6]) };
    const bias = { name: names.find((n) => n.endsWith('bias'))!, shape: [2], data: Float32Array.from([7, 8]) };
    const mine = await modelFromArtifacts(withWeights(artifacts, [bias, kernel]), 'test');
    const out = mine.predict(tf.tensor2d([[1, 0, 0]])) as tf.Tensor;
    expect(Array.from(await out.data())).toEqual([1 + 7, 2 + 8]);
    out.dispose();
    mine.dispose();
    model.dispose();
    expect(() => withWeights(artifacts, [kernel])).toThrow(/has no weight/);
    expect(() => withWeights(artifacts, [{ ...kernel, shape: [2, 3] }, bias])).toThrow(WeightsError);
  });
});
