// Types shared by the diagnostic rules: severities, the Rule shape, findings and the fix
// descriptors (`FixData`) a finding carries so a quick fix can be recomputed statelessly.
import type { Range } from '../syntax/factTypes';
import type { Driver, WorkspaceModel } from '../index/modelTypes';

export type Severity = 'off' | 'hint' | 'information' | 'warning' | 'error';

export interface RuleSettings {
  /** Rule id -> severity; rules not listed keep their default severity. */
  severities: Record<string, Severity>;
}

/**
 * What a quick fix needs to recompute its edit from the model alone (it travels in
 * `Diagnostic.data`, so it is plain JSON). Every finding carries `ruleId` and the driver's root URI.
 */
export interface FixData {
  ruleId: string;
  /** `Driver.rootUri` of the driver the finding is about. */
  driver: string;
  /** The slot the fix should fill or annotate (missing-required-handler, create-without-close, ...). */
  slot?: string;
  /** Several slots (annotation fixes, unregistered routines). */
  slots?: string[];
  /** The handler or routine the finding is about. */
  handler?: string;
  /** A handler that can fill `slot` as well (a CreateClose-style routine), when the rule knows one. */
  reuseHandler?: string;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  uri: string;
  range: Range;
  message: string;
  related: RelatedLocation[];
  data: FixData;
  /** Resolved severity; set by `collectFindings`, rules leave it out. */
  severity?: Severity;
  /**
   * Other lines where a suppression also silences this finding (e.g. the registration a
   * `#pragma prefast(suppress: 28169)` precedes, when the finding sits on the declaration).
   */
  alsoSuppressedAt?: { uri: string; line: number }[];
}

export interface Rule {
  /** Stable kebab-case id: the diagnostic `code`. */
  id: string;
  defaultSeverity: Severity;
  title: string;
  /** The PREfast warning this rule matches, for `#pragma prefast/warning` suppressions. */
  prefast?: { numbers: string[]; names: string[] };
  /** Anchor of the rule's section in the README (`#<docAnchor>`). */
  docAnchor: string;
  check(driver: Driver, model: WorkspaceModel): Finding[];
}
