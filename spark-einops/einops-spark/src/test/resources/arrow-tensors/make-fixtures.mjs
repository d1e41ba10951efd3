// Writes the fixtures of ArrowTensorFilesTest with tools other than spark-einops: Apache Arrow's
// JavaScript library builds the tables (canonical tensor extension types as field metadata, as
// pyarrow writes them) and parquet-wasm (Rust's Parquet writer) stores them with the footer's
// ARROW:schema key, as pyarrow does.
//
//   npm install && node make-fixtures.mjs            # rewrites the fixtures in this folder
//   node make-fixtures.mjs --check FILE_OR_DIR ...   # reads files spark-einops wrote and prints
//                                                    # each tensor column's type and rows
//
// The fixtures are committed, so the Java tests never need npm.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Bool, Field, FixedSizeList, Utf8, Float32, Float64, Int32, Int64, List, RecordBatch, Schema, Struct, Table,
  makeData, tableFromIPC, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import * as parquet from 'parquet-wasm';

const here = path.dirname(fileURLToPath(import.meta.url));
const EXT_NAME = 'ARROW:extension:name';
const EXT_META = 'ARROW:extension:metadata';

function fixedTensor(name, valueType, shape, rows, extra = {}) {
  const size = shape.reduce((a, b) => a * b, 1);
  const type = new FixedSizeList(size, new Field('item', valueType, true));
  const meta = new Map([[EXT_NAME, 'arrow.fixed_shape_tensor'], [EXT_META, JSON.stringify({ shape, ...extra })]]);
  return [new Field(name, type, true, meta), vectorFromArray(rows, type)];
}

function variableTensor(name, valueType, ndim, rows, metadata) {
  const shapeType = new FixedSizeList(ndim, new Field('item', new Int32(), false));
  const dataType = new List(new Field('item', valueType, true));
  const type = new Struct([new Field('data', dataType, false), new Field('shape', shapeType, false)]);
  const meta = new Map([[EXT_NAME, 'arrow.variable_shape_tensor'], [EXT_META, metadata === '' ? '' : JSON.stringify(metadata)]]);
  const values = rows.map((r) => (r === null ? null : { data: r.data, shape: r.shape }));
  return [new Field(name, type, true, meta), vectorFromArray(values, type)];
}

function plain(name, type, rows) {
  return [new Field(name, type, false), vectorFromArray(rows, type)];
}

function table(columns) {
  const fields = columns.map((c) => c[0]);
  const schema = new Schema(fields);
  const length = columns[0][1].length;
  const data = makeData({ type: new Struct(fields), length, nullCount: 0, children: columns.map((c) => c[1].data[0]) });
  return new Table(schema, [new RecordBatch(schema, data)]);
}

function range(n, f = (i) => i) {
  return Array.from({ length: n }, (_, i) => f(i));
}

function writeParquet(file, t, folder = here) {
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(t, 'stream'));
  const bytes = parquet.writeParquet(wasmTable, new parquet.WriterPropertiesBuilder().setCreatedBy('make-fixtures.mjs').build());
  fs.writeFileSync(path.join(folder, file), bytes);
}

// The main job's input (examples module): 32x32 images, channels last and named, or one channel unnamed
const jobFixtures = path.join(here, '../../../../../../examples/src/test/resources/job-tensors');

function makeFixtures() {
  // fixed shapes, every element type a tensor column holds; row 1's image is null
  writeParquet('fixed.parquet', table([
    plain('id', new Int32(), [0, 1, 2]),
    fixedTensor('image', new Float32(), [2, 3, 4], [range(24, (i) => i / 2), null, range(24, (i) => -i)],
      { dim_names: ['c', 'h', 'w'] }),
    fixedTensor('f64', new Float64(), [2, 2], [[1.5, 2.5, 3.5, 4.5], [0, -1, -2, -3], [9, 8, 7, 6]]),
    fixedTensor('i32', new Int32(), [3], [[1, 2, 3], [4, 5, 6], [7, 8, 9]], { dim_names: ['x'] }),
    fixedTensor('i64', new Int64(), [2, 1, 2], [[1n, 2n, 3n, 4n], [5n, 6n, 7n, 8n], [-1n, -2n, -3n, -4n]]),
    fixedTensor('flag', new Bool(), [2, 2], [[true, false, false, true], [false, false, true, true], [true, true, true, false]]),
  ]));
  // a permuted tensor: physical shape [2, 3, 4] named x y z; the logical tensor is [4, 2, 3], z x y
  writeParquet('permuted.parquet', table([
    plain('id', new Int32(), [0, 1]),
    fixedTensor('t', new Float64(), [2, 3, 4], [range(24), range(24, (i) => 100 + i)],
      { dim_names: ['x', 'y', 'z'], permutation: [2, 0, 1] }),
  ]));
  // variable shapes: images of height 1 or 2 (and 0), width 3; int64 vectors without metadata;
  // a permuted variable tensor
  writeParquet('variable.parquet', table([
    plain('id', new Int32(), [0, 1, 2, 3]),
    variableTensor('t', new Float32(), 2, [
      { data: [1, 2, 3], shape: [1, 3] }, { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, null, { data: [], shape: [0, 3] },
    ], { dim_names: ['h', 'w'], uniform_shape: [null, 3] }),
    variableTensor('v', new Int64(), 1, [
      { data: [1n], shape: [1] }, { data: [2n, 3n], shape: [2] }, { data: [4n, 5n, 6n], shape: [3] }, { data: [], shape: [0] },
    ], ''),
    variableTensor('p', new Int32(), 2, [
      { data: [1, 2, 3, 4, 5, 6], shape: [2, 3] }, { data: [7, 8], shape: [1, 2] }, { data: [9], shape: [1, 1] },
      { data: [1, 2], shape: [2, 1] },
    ], { dim_names: ['a', 'b'], permutation: [1, 0] }),
  ]));
  // no rows
  writeParquet('empty.parquet', table([
    plain('id', new Int32(), []),
    fixedTensor('image', new Float32(), [2, 2], [], { dim_names: ['h', 'w'] }),
  ]));
  // metadata that contradicts the storage: shape [2, 2] on lists of 6
  writeParquet('contradiction.parquet', table([
    plain('id', new Int32(), [0]),
    fixedTensor('t', new Float32(), [2, 2], [[1, 2, 3, 4]]),
  ]));
  patchListSize('contradiction.parquet');
  // a footer whose ARROW:schema is not base64
  fs.copyFileSync(path.join(here, 'fixed.parquet'), path.join(here, 'corrupted.parquet'));
  corruptArrowSchema('corrupted.parquet');
  // an Arrow IPC file (Feather v2) with the same columns as fixed.parquet and a variable tensor
  const ipc = table([
    plain('id', new Int32(), [0, 1]),
    fixedTensor('image', new Float32(), [2, 3, 4], [range(24, (i) => i / 2), null], { dim_names: ['c', 'h', 'w'] }),
    variableTensor('t', new Float64(), 2, [{ data: [1, 2, 3], shape: [1, 3] }, { data: [4, 5], shape: [2, 1] }],
      { dim_names: ['h', 'w'] }),
  ]);
  fs.writeFileSync(path.join(here, 'fixed.arrow'), tableToIPC(ipc, 'file'));

  fs.mkdirSync(jobFixtures, { recursive: true });
  const pixel = (r, i) => ((r * 7919 + i * 104729) % 1000) / 1000;
  writeParquet('hwc.parquet', table([
    plain('label', new Utf8(), ['cat', 'dog']),
    fixedTensor('image', new Float32(), [32, 32, 3], [range(3072, (i) => pixel(0, i)), range(3072, (i) => pixel(1, i))],
      { dim_names: ['h', 'w', 'c'] }),
  ]), jobFixtures);
  fs.writeFileSync(path.join(jobFixtures, 'hwc.arrow'), tableToIPC(table([
    plain('label', new Utf8(), ['cat']),
    fixedTensor('image', new Float32(), [32, 32, 3], [range(3072, (i) => pixel(0, i))], { dim_names: ['h', 'w', 'c'] }),
  ]), 'file'));
  writeParquet('gray.parquet', table([
    plain('label', new Utf8(), ['a', 'b']),
    fixedTensor('image', new Float32(), [1, 32, 32], [range(1024, (i) => pixel(0, i)), range(1024, (i) => pixel(1, i))]),
  ]), jobFixtures);
}

// The contradiction fixture: written with shape [2, 2] metadata on lists of 4, then the JSON's
// shape is rewritten in place to [3, 2] (same length), so the metadata says 6 elements per row.
function patchListSize(file) {
  const f = path.join(here, file);
  const bytes = fs.readFileSync(f);
  const text = bytes.toString('latin1');
  const start = base64Start(text);
  const b64 = text.substring(start, findBase64End(text, start));
  const schema = Buffer.from(b64, 'base64');
  const patched = Buffer.from(schema.toString('latin1').replace('{"shape":[2,2]}', '{"shape":[3,2]}'), 'latin1');
  if (patched.equals(schema)) throw new Error('contradiction fixture: shape JSON not found');
  const b64New = patched.toString('base64');
  if (b64New.length !== b64.length) throw new Error('contradiction fixture: base64 length changed');
  bytes.write(b64New, start, 'latin1');
  fs.writeFileSync(f, bytes);
}

// The value of the footer's ARROW:schema: an IPC message, whose continuation marker 0xFFFFFFFF
// starts the base64 text with '/////'.
function base64Start(text) {
  const start = text.indexOf('/////', text.indexOf('ARROW:schema'));
  if (start < 0) throw new Error('no ARROW:schema in the footer');
  return start;
}

function findBase64End(text, start) {
  let i = start;
  while (i < text.length && /[A-Za-z0-9+/=]/.test(text[i])) i++;
  return i;
}

function corruptArrowSchema(file) {
  const f = path.join(here, file);
  const bytes = fs.readFileSync(f);
  const text = bytes.toString('latin1');
  const start = base64Start(text);
  const end = findBase64End(text, start);
  bytes.fill('!'.charCodeAt(0), start + 8, end - 8);
  fs.writeFileSync(f, bytes);
}

function readAny(file) {
  const bytes = fs.readFileSync(file);
  if (bytes.subarray(0, 6).toString() === 'ARROW1') return tableFromIPC(bytes);
  return tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
}

function describe(file) {
  const t = readAny(file);
  const lines = [`${file}: ${t.numRows} rows`];
  for (const field of t.schema.fields) {
    const ext = field.metadata.get(EXT_NAME);
    if (!ext) {
      lines.push(`  ${field.name}: ${field.type}`);
      continue;
    }
    const meta = field.metadata.get(EXT_META) || '';
    lines.push(`  ${field.name}: ${ext} ${meta} storage ${field.type}`);
    const column = t.getChild(field.name);
    const parsed = meta === '' ? {} : JSON.parse(meta);
    for (let r = 0; r < t.numRows; r++) {
      const v = column.get(r);
      if (v === null) {
        lines.push(`    row ${r}: null`);
      } else if (ext === 'arrow.fixed_shape_tensor') {
        const values = [...v];
        const size = parsed.shape.reduce((a, b) => a * b, 1);
        if (values.length !== size) throw new Error(`${field.name} row ${r}: ${values.length} values, shape ${parsed.shape}`);
        lines.push(`    row ${r}: shape [${parsed.shape}] ${JSON.stringify(values, big)}`);
      } else {
        const shape = [...v.shape];
        const values = [...v.data];
        if (values.length !== shape.reduce((a, b) => a * b, 1)) throw new Error(`${field.name} row ${r}: bad shape`);
        lines.push(`    row ${r}: shape [${shape}] ${JSON.stringify(values, big)}`);
      }
    }
  }
  return lines.join('\n');
}

function big(_, v) {
  return typeof v === 'bigint' ? Number(v) : v;
}

function check(targets) {
  for (const target of targets) {
    const files = fs.statSync(target).isDirectory()
      ? fs.readdirSync(target).filter((n) => n.endsWith('.parquet') || n.endsWith('.arrow')).map((n) => path.join(target, n))
      : [target];
    for (const file of files) console.log(describe(file));
  }
}

const args = process.argv.slice(2);
if (args[0] === '--check') {
  check(args.slice(1));
} else {
  makeFixtures();
  check(['fixed.parquet', 'permuted.parquet', 'variable.parquet', 'empty.parquet', 'fixed.arrow'].map((f) => path.join(here, f)));
}
