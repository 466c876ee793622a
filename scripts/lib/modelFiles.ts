import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkModelJson, fromArtifacts, toArtifacts, weightPaths } from '../../src/models/weights';

const WEIGHTS_FILE = 'weights.bin';

/** Saves a layers model as `dir/model.json` + `dir/weights.bin`, the layout the app fetches. */
export async function saveModel(model: tf.LayersModel, dir: string): Promise<number> {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { json, data } = fromArtifacts(artifacts, WEIGHTS_FILE);
      writeFileSync(path.join(dir, 'model.json'), JSON.stringify(json));
      writeFileSync(path.join(dir, WEIGHTS_FILE), new Uint8Array(data));
      bytes = data.byteLength;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes } };
    }),
  );
  return bytes;
}

/** Loads a model saved by `saveModel` (or any single-directory layers model) from disk. */
export async function loadModel(dir: string): Promise<tf.LayersModel> {
  const json = checkModelJson(JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')));
  const buffers = weightPaths(json).map((p) => {
    const b = readFileSync(path.join(dir, p));
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  });
  return tf.loadLayersModel(tf.io.fromMemory(toArtifacts(json, buffers)));
}
