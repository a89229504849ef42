/**
 * The controller's logic, named as a broker implementation is, so that a run and its trace can say which
 * controller ran: the reference, or a bug-zoo variant with one of its parts swapped.
 */
import type { NodeLogic } from './node-logic.ts';

export interface ControllerLogic<S> extends NodeLogic<S> {
  /** "reference" for the reference controller; a variant's is "variant/<name>". */
  id: string;
}
