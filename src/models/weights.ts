import * as tf from '@tensorflow/tfjs';

/** The `model.json` of a saved layers model: topology plus a manifest of the binary weight files. */
export interface ModelJson {
  format?: string;
  generatedBy?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

/** Why a saved model could not be read, in words a person can act on. */
export class WeightsError extends Error {
  override name = 'WeightsError';
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1, bool: 1 };

function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  const size = BYTES[dtype];
  if (size === undefined) throw new WeightsError(`weight ${entry.name}: unsupported dtype ${dtype}`);
  return count * size;
}

/** Checks that a parsed `model.json` has the fields a layers model needs. */
export function checkModelJson(value: unknown): ModelJson {
  const json = value as Partial<ModelJson> | null;
  if (json === null || typeof json !== 'object') throw new WeightsError('model.json is not a JSON object');
  if (!json.modelTopology || typeof json.modelTopology !== 'object') {
    throw new WeightsError('model.json has no model topology');
  }
  if (!Array.isArray(json.weightsManifest) || json.weightsManifest.length === 0) {
    throw new WeightsError('model.json has no weights manifest');
  }
  for (const group of json.weightsManifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw new WeightsError('model.json has a malformed weights manifest');
    }
  }
  return json as ModelJson;
}

/** Every weight file the manifest names, in order. */
export function weightPaths(json: ModelJson): string[] {
  return json.weightsManifest.flatMap((g) => g.paths);
}

/**
 * Joins the weight files (in manifest order) into the artifacts `tf.loadLayersModel` takes, after
 * checking that their total size is exactly what the manifest describes.
 */
export function toArtifacts(json: ModelJson, buffers: ArrayBuffer[]): tf.io.ModelArtifacts {
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const expected = weightSpecs.reduce((a, e) => a + entryBytes(e), 0);
  const total = buffers.reduce((a, b) => a + b.byteLength, 0);
  if (total !== expected) {
    throw new WeightsError(`weight data is ${total} bytes but the manifest describes ${expected} (truncated or mismatched file)`);
  }
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    joined.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: joined.buffer,
    format: json.format,
    generatedBy: json.generatedBy,
  };
}

/** Serialises a model's artifacts as one `model.json` and one weight file named `weightsFile`. */
export function fromArtifacts(artifacts: tf.io.ModelArtifacts, weightsFile: string): { json: ModelJson; data: ArrayBuffer } {
  if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new WeightsError('model artifacts are incomplete');
  }
  const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  return {
    json: {
      format: artifacts.format ?? 'layers-model',
      generatedBy: artifacts.generatedBy,
      modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
    },
    data,
  };
}

/**
 * Downloads a saved model from `url` (its model.json) and its weight files, checked: a missing
 * file, a file that is not JSON or a truncated weight file is a WeightsError with the URL in it.
 */
export async function fetchArtifacts(url: string, fetchFn: typeof fetch = fetch): Promise<tf.io.ModelArtifacts> {
  const get = async (u: string) => {
    let res: Response;
    try {
      res = await fetchFn(u);
    } catch (err) {
      throw new WeightsError(`could not download ${u} (${(err as Error).message})`);
    }
    if (!res.ok) throw new WeightsError(`could not download ${u} (HTTP ${res.status})`);
    return res;
  };
  const res = await get(url);
  let parsed: unknown;
  try {
    parsed = await res.json();
  } catch {
    throw new WeightsError(`${url} is not valid JSON`);
  }
  const json = checkModelJson(parsed);
  const base = url.slice(0, url.lastIndexOf('/') + 1);
  const buffers = await Promise.all(weightPaths(json).map(async (p) => (await get(base + p)).arrayBuffer()));
  return toArtifacts(json, buffers);
}

/**
 * Builds a layers model from checked artifacts (`url` names them in errors). The weights are copied
 * into the backend, so the same artifacts can build the model again later.
 */
export async function modelFromArtifacts(artifacts: tf.io.ModelArtifacts, url: string): Promise<tf.LayersModel> {
  try {
    return await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (err) {
    throw new WeightsError(`${url} does not describe a model this app can load (${(err as Error).message})`);
  }
}

/** Loads a layers model over HTTP from `url` (its model.json): `fetchArtifacts`, then `modelFromArtifacts`. */
export async function fetchModel(url: string, fetchFn: typeof fetch = fetch): Promise<tf.LayersModel> {
  return modelFromArtifacts(await fetchArtifacts(url, fetchFn), url);
}

/**
 * The same network with other values for its weights (the Learn view's own training, issue 17):
 * every weight the artifacts list must come in `weights` by name, with the same shape, as float32.
 */
export function withWeights(artifacts: tf.io.ModelArtifacts, weights: readonly { name: string; shape: readonly number[]; data: Float32Array }[]): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs;
  if (!specs) throw new WeightsError('model artifacts have no weight list');
  const byName = new Map(weights.map((w) => [w.name, w]));
  const parts = specs.map((spec) => {
    const w = byName.get(spec.name);
    if (!w) throw new WeightsError(`the trained network has no weight ${spec.name}`);
    if (spec.dtype !== 'float32' || w.shape.join('×') !== spec.shape.join('×') || w.data.length !== spec.shape.reduce((a, b) => a * b, 1)) {
      throw new WeightsError(`the trained weight ${spec.name} is ${w.shape.join('×')}, the network's is ${spec.shape.join('×')}`);
    }
    return w.data;
  });
  const joined = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return { ...artifacts, weightSpecs: specs.map((s) => ({ ...s })), weightData: joined.buffer };
}
