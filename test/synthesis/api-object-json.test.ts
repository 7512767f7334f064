import { inspect } from 'util';
import * as fc from 'fast-check';
import { ApiObject, App, Chart, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import { IntOrString, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { buildCluster, Fleet, FleetValidationError, renderFleetFiles, resolveFleet } from '../../src';
import { buildDefaultFleet } from '../../src/default-fleet';
import { CDK8S_TO_JSON, FAST_TO_JSON_AVAILABLE, plainObjectJson, VERIFIED_CDK8S, withFastToJson } from '../../src/synthesis/api-object-json';
import { buildBenchFleet } from '../../bench/package-fleet';
import { benchFleet } from '../../bench/spec';

/** cdk8s's own ApiObject.prototype.toJson. */
const cdk8sToJson = CDK8S_TO_JSON;

/** A value with its key order, prototypes, holes, undefined, NaN and -0 spelt out, or the error it throws. */
function exactly(produce: () => unknown): string {
  try {
    return inspect(produce(), { depth: null, maxArrayLength: null, maxStringLength: null, breakLength: Infinity, showHidden: false });
  } catch (e) {
    return `throws ${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

/** Runs `fn` with ApiObject.prototype.toJson replaced by a wrapper of cdk8s's own (no fast path at all). */
function withCdk8sToJson<T>(fn: () => T): T {
  const installed = ApiObject.prototype.toJson;
  ApiObject.prototype.toJson = function toJson(this: ApiObject) {
    return cdk8sToJson.call(this);
  };
  try {
    return fn();
  } finally {
    ApiObject.prototype.toJson = installed;
  }
}

/** Every ApiObject below the roots. */
function apiObjects(roots: readonly Construct[]): ApiObject[] {
  return roots.flatMap((r) => r.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject));
}

/** The fast base document equals cdk8s's (when there is one), and the whole toJson() equals it with and without the fast path. */
function expectSameAsCdk8s(obj: ApiObject): void {
  const fast = plainObjectJson(obj);
  if (fast !== undefined) expect([obj.node.path, exactly(() => fast)]).toEqual([obj.node.path, exactly(() => cdk8sToJson.call(obj))]);
  expect([obj.node.path, exactly(() => withFastToJson(() => obj.toJson()))]).toEqual([obj.node.path, exactly(() => obj.toJson())]);
}

/** One object in a chart of its own, props as given. */
function objectWith(props: Record<string, unknown>, chartProps: { namespace?: string; labels?: Record<string, string> } = {}, app = Testing.app()): ApiObject {
  const chart = new Chart(app, 'test', chartProps);
  return new ApiObject(chart, 'obj', { apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'thing' }, ...props });
}

describe('the fast ApiObject.toJson path gives what cdk8s gives', () => {
  test('it is active for the cdk8s this package is tested with', () => {
    // a failing test here after a cdk8s upgrade: re-read the cdk8s sources named in
    // src/synthesis/api-object-json.ts for the new version, then add it to VERIFIED_CDK8S
    const version = (ApiObject as unknown as Record<symbol, { version: string }>)[Symbol.for('jsii.rtti')].version;
    expect(VERIFIED_CDK8S).toContain(version);
    expect(FAST_TO_JSON_AVAILABLE).toBe(true);
  });

  test('every object of the default fleet and of a bench fleet is plain data and renders the same', () => {
    const fleets = [buildDefaultFleet(), buildBenchFleet(benchFleet(12), 'argocd')];
    const objects = apiObjects(fleets.flatMap((f) => resolveFleet(f).clusters.map(buildCluster)));
    expect(objects.length).toBeGreaterThan(100);
    for (const obj of objects) {
      expect([obj.node.path, plainObjectJson(obj) !== undefined]).toEqual([obj.node.path, true]);
      expectSameAsCdk8s(obj);
    }
  });

  test.each([
    ['the default fleet', () => buildDefaultFleet()],
    ['a bench fleet with Argo CD', () => buildBenchFleet(benchFleet(10), 'argocd')],
    ['a bench fleet with Flux', () => buildBenchFleet(benchFleet(10), 'flux')],
  ])('the files and warnings of %s are the same with cdk8s\'s own toJson', (_name, fleet) => {
    const slow = withCdk8sToJson(() => renderFleetFiles(fleet()));
    const fast = renderFleetFiles(fleet());
    expect(fast.files.length).toBeGreaterThan(20);
    expect(fast).toEqual(slow);
  });

  test('a value cdk8s cannot render gives the same problem', () => {
    const fleet = () => {
      const f = buildDefaultFleet();
      f.clusters[0].addConstructs((chart) => {
        new ApiObject(chart, 'Dated', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dated' }, data: { when: new Date(0) } });
      });
      return f;
    };
    const problems = (f: Fleet) => {
      try {
        renderFleetFiles(f);
      } catch (e) {
        if (e instanceof FleetValidationError) return e.errors;
        throw e;
      }
      return [];
    };
    const slow = withCdk8sToJson(() => problems(fleet()));
    expect(slow.some((e) => e.includes('Dated') && e.includes('cannot be rendered'))).toBe(true);
    expect(problems(fleet())).toEqual(slow);
  });

  test('Lazy values and tokens fall back to cdk8s, each producer called once', () => {
    let produced = 0;
    const obj = objectWith({
      spec: { a: Lazy.any({ produce: () => ++produced }), b: { resolve: () => 'token' } },
      data: { x: 'y' },
    });
    expect(plainObjectJson(obj)).toBeUndefined();
    const fast = withFastToJson(() => obj.toJson());
    expect(produced).toBe(1);
    expect(exactly(() => fast)).toEqual(exactly(() => ({ apiVersion: 'example.com/v1', kind: 'Thing', metadata: { name: 'thing' }, data: { x: 'y' }, spec: { a: 1, b: 'token' } })));
    expectSameAsCdk8s(objectWith({ metadata: { name: 'thing', annotations: { a: Lazy.any({ produce: () => 'lazy' }) as unknown as string } }, spec: { l: Lazy.any({ produce: () => ({ z: 1, a: [Lazy.any({ produce: () => 2 })] }) }) } }));
  });

  test('IntOrString and Quantity become { value } on the fast path', () => {
    const obj = objectWith({ spec: { port: IntOrString.fromNumber(8080), name: IntOrString.fromString('http'), cpu: Quantity.fromString('100m') } });
    expect(plainObjectJson(obj)).toBeDefined();
    expect(plainObjectJson(obj)!.spec).toEqual({ cpu: { value: '100m' }, name: { value: 'http' }, port: { value: 8080 } });
    expectSameAsCdk8s(obj);
  });

  test('JSON patches, custom resolvers and CDK8S_DISABLE_SORT fall back to cdk8s', () => {
    const patched = objectWith({ spec: { b: 1, a: 2 } });
    patched.addJsonPatch(JsonPatch.add('/spec/c', 3), JsonPatch.remove('/spec/a'));
    expect(plainObjectJson(patched)).toBeUndefined();
    expectSameAsCdk8s(patched);

    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (typeof context.value === 'string' && context.key[0] === 'spec' && context.value !== context.value.toUpperCase()) {
          context.replaceValue(context.value.toUpperCase());
        }
      }
    }
    const resolved = objectWith({ spec: { a: 'x' } }, {}, new App({ outdir: '/nonexistent', resolvers: [new Upper()] }));
    expect(plainObjectJson(resolved)).toBeUndefined();
    expect(withFastToJson(() => resolved.toJson()).spec).toEqual({ a: 'X' });
    expectSameAsCdk8s(resolved);

    const unsorted = objectWith({ spec: { b: 1, a: 2 } });
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(plainObjectJson(unsorted)).toBeUndefined();
      expectSameAsCdk8s(unsorted);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
    expect(plainObjectJson(unsorted)).toBeDefined();
  });

  test('metadata: empty values dropped at every depth, chart namespace and labels, added fields', () => {
    const obj = objectWith({
      metadata: {
        name: 'thing', annotations: {}, finalizers: [], ownerReferences: [],
        labels: { b: 'x', a: 'y' },
      },
    }, { namespace: 'ns', labels: { chart: 'label' } });
    obj.metadata.add('extra', { empty: {}, none: [], nested: { deeper: {} }, list: [[], {}, 'kept'], nothing: undefined, nil: null });
    obj.metadata.add('zero', 0);
    obj.metadata.addAnnotation('z', 'last');
    obj.metadata.addFinalizers('f');
    expect(plainObjectJson(obj)).toBeDefined();
    expectSameAsCdk8s(obj);
  });

  test.each([
    ['empty values outside metadata are kept', { spec: { a: {}, b: [], c: [[]], d: [{}], e: null, f: undefined, g: [null, undefined, 1] } }],
    ['integer-like keys', { spec: { 10: 'a', 9: 'b', a: 'c', '01': 'd', '-1': 'e', B: 'f' } }],
    ['unusual numbers', { spec: { nan: NaN, negativeZero: -0, inf: Infinity, big: 2 ** 60 } }],
    ['strings of every kind', { spec: { '': '', 'ü': 'ü', '\u0000': '\ud800', 'a b': 'x\ny' } }],
    ['a function value', { spec: { f: () => 1 } }],
    ['a bigint value', { spec: { n: BigInt(1) } }],
    ['a symbol value', { spec: { s: Symbol('s') } }],
    ['a Date', { spec: { d: new Date(0) } }],
    ['a prototype-less object', { spec: Object.assign(Object.create(null), { a: 1 }) }],
    ['a __proto__ key', { spec: JSON.parse('{"__proto__": {"x": 1}, "a": 1}') }],
    ['an own constructor key', { spec: { constructor: 'x', value: 'y' } }],
    ['an own constructor key equal to Object', { spec: { constructor: Object } }],
    ['an object with a resolve function', { spec: { resolve: () => ({ z: 1, a: 2 }) } }],
    ['an array with holes', { spec: { a: [1, , 3] } }], // eslint-disable-line no-sparse-arrays
    ['an array with a value', { spec: { a: Object.assign([1, 2], { value: 'v' }) } }],
    ['a class instance without value', { spec: { a: new (class Thing { public x = 1; })() } }],
    ['a Map', { spec: { a: new Map([[1, 2]]) } }],
    ['a metadata value cdk8s cannot render', { metadata: { name: 'thing', labels: { a: new Date(0) as unknown as string } } }],
    ['no kind', { kind: undefined }],
    ['kind and apiVersion last in props', { spec: { a: 1 }, kind: 'Late', apiVersion: 'late/v1' }],
  ])('%s', (_name, props) => {
    expectSameAsCdk8s(objectWith(props as Record<string, unknown>));
  });

  test('generated L1s with their own toJson on top (same documents)', () => {
    const chart = Testing.chart();
    const obj = new (class extends ApiObject {
      public override toJson(): any {
        const base = super.toJson();
        return { ...base, spec: { wrapped: base.spec } };
      }
    })(chart, 'wrapped', { apiVersion: 'v1', kind: 'ConfigMap', spec: { b: 1, a: [{ d: 1, c: 2 }] } });
    expectSameAsCdk8s(obj);
    expect(withFastToJson(() => obj.toJson()).spec).toEqual({ wrapped: { a: [{ c: 2, d: 1 }], b: 1 } });
  });

  test('toJson takes cdk8s\'s own path outside withFastToJson: before, after fn threw, after nested calls', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const resolveModule = require('cdk8s/lib/resolve') as { resolve: (...args: unknown[]) => unknown };
    const obj = objectWith({ spec: { b: 1, a: { d: [1, { c: 2 }] } } });
    const resolve = jest.spyOn(resolveModule, 'resolve');
    try {
      obj.toJson();
      expect(resolve).toHaveBeenCalled();
      resolve.mockClear();
      expect(() => withFastToJson(() => {
        withFastToJson(() => obj.toJson());
        obj.toJson();
        throw new Error('boom');
      })).toThrow('boom');
      expect(resolve).not.toHaveBeenCalled(); // inside: the fast path
      const outside = obj.toJson();
      expect(resolve).toHaveBeenCalled();
      expect(exactly(() => outside)).toEqual(exactly(() => withFastToJson(() => obj.toJson())));
    } finally {
      resolve.mockRestore();
    }
  });

  test('property: any JSON-like value in spec, metadata labels and added metadata', () => {
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 5 })),
    })).v;
    fc.assert(fc.property(value, fc.dictionary(fc.string({ maxLength: 4 }), fc.string()), value, (spec, labels, extra) => {
      const obj = objectWith({ spec, metadata: { name: 'thing', labels } });
      obj.metadata.add('extra', extra);
      expectSameAsCdk8s(obj);
    }), { numRuns: 300 });
  });
});
