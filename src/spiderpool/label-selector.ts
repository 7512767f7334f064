import { checkStringList, isRecord, labelKeyProblem, labelValueProblem, show } from './checks';

/** Operators of a label selector requirement. */
export enum LabelSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the key relates to the values. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values: one or more for `In`/`NotIn`, none for `Exists`/`DoesNotExist`.
   * @default - none
   */
  readonly values?: string[];
}

/** A Kubernetes label selector (`matchLabels` and `matchExpressions` are ANDed). */
export interface LabelSelector {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/**
 * Problems of a label selector as apimachinery's ValidateLabelSelector (pkg/apis/meta/v1/validation, with
 * AllowInvalidLabelValueInSelector false) reports them: label keys and values, the operator, and values
 * given exactly when the operator needs them. `nonEmpty` adds Spiderpool's rule for `spec.podAffinity`
 * (v1.2.2 pkg/ippoolmanager/ippool_validate.go validateIPPoolPodAffinity: "empty podAffinity is invalid").
 */
export function labelSelectorProblems(selector: unknown, field: string, nonEmpty: boolean): string[] {
  if (selector === undefined) return [];
  if (!isRecord(selector)) return [`${field} must be a label selector { matchLabels?, matchExpressions? }, got ${show(selector)}`];
  const errors: string[] = [];
  const labels = selector.matchLabels;
  if (labels !== undefined && !isRecord(labels)) errors.push(`${field}.matchLabels must map label keys to values, got ${show(labels)}`);
  for (const [k, v] of Object.entries(isRecord(labels) ? labels : {})) {
    const keyError = labelKeyProblem(k);
    if (keyError) errors.push(`${field}.matchLabels: ${keyError}`);
    const valueError = labelValueProblem(v);
    if (valueError) errors.push(`${field}.matchLabels["${k}"]: ${valueError}`);
  }
  const expressions = selector.matchExpressions;
  if (expressions !== undefined && !Array.isArray(expressions)) errors.push(`${field}.matchExpressions must be a list, got ${show(expressions)}`);
  const list: unknown[] = Array.isArray(expressions) ? expressions : [];
  list.forEach((e, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    if (!isRecord(e)) {
      errors.push(`${at} must be { key, operator, values? }, got ${show(e)}`);
      return;
    }
    const keyError = labelKeyProblem(e.key);
    if (keyError) errors.push(`${at}.key: ${keyError}`);
    const operators = Object.values(LabelSelectorOperator) as string[];
    const values = checkStringList(errors, `${at}.values`, e.values);
    if (!operators.includes(e.operator as string)) {
      errors.push(`${at}.operator must be one of ${operators.join(', ')} (LabelSelectorOperator), got ${show(e.operator)}`);
    } else if ((e.operator === 'In' || e.operator === 'NotIn') && values.length === 0) {
      errors.push(`${at}.values must list at least one value when the operator is ${e.operator}`);
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && values.length > 0) {
      errors.push(`${at}.values must be empty when the operator is ${e.operator}; drop the values`);
    }
    values.forEach((v, j) => {
      const valueError = labelValueProblem(v);
      if (valueError) errors.push(`${at}.values[${j}]: ${valueError}`);
    });
  });
  const count = (isRecord(labels) ? Object.keys(labels).length : 0) + list.length;
  if (nonEmpty && errors.length === 0 && count === 0) {
    errors.push(`${field} is empty; Spiderpool's webhook rejects an empty podAffinity ("empty podAffinity is invalid"), give matchLabels or matchExpressions or leave it unset`);
  }
  return errors;
}

/** The selector as the CRD spells it (only the keys given). */
export function renderLabelSelector(selector: LabelSelector | undefined): Record<string, unknown> | undefined {
  if (!isRecord(selector)) return undefined;
  const out: Record<string, unknown> = {};
  if (selector.matchLabels !== undefined) out.matchLabels = selector.matchLabels;
  if (selector.matchExpressions !== undefined) {
    out.matchExpressions = (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []).map((e) => (
      e?.values === undefined ? { key: e?.key, operator: e?.operator } : { key: e.key, operator: e.operator, values: e.values }));
  }
  return out;
}
