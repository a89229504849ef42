/**
 * Controller variant: an AlterPartition request is applied whatever partition epoch it was made at. The leader
 * builds its new ISR from the ISR it knew; if the controller changed the ISR meanwhile (it fenced a member, and
 * admitted its restarted process outside the ISR), the request, applied as it is, writes the old membership back:
 * a broker that lost power and came back without its unflushed tail is in the ISR again, lacking committed
 * records, and may be elected.
 * Real world: KIP-497 (AlterIsr, later AlterPartition) makes every ISR change conditional on the partition epoch
 * the leader saw, answering INVALID_UPDATE_VERSION otherwise, as the ZooKeeper controller's conditional update on
 * the znode version did before it.
 * Expected to be caught by: protocol-invariants (strong-isr).
 */
import { createController } from '../controller.ts';
import { referenceControllerParts, type ControllerParts } from '../controller-parts.ts';

export const staleIsrUpdateAcceptedParts: ControllerParts = {
  ...referenceControllerParts,
  partitionEpochCheck: () => 'NONE',
};

export const staleIsrUpdateAcceptedController = createController('variant/stale-isr-update-accepted', staleIsrUpdateAcceptedParts);
