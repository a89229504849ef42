/**
 * The controller's view of the cluster, as KRaft's quorum controller keeps it: registered brokers with their
 * incarnation and liveness, and per partition the leader, leader epoch, partition epoch and ISR. The
 * controller is modelled as one node that never fails (no Raft quorum); its view is still only as fresh as
 * the heartbeats and requests that reach it.
 */
import type { BrokerId, PartitionId } from '../kernel/ids.ts';

export interface BrokerRegistrationState {
  incarnation: number;
  /** False once the broker's session expired (fenced) until a heartbeat of the same incarnation arrives. */
  alive: boolean;
  lastHeartbeatMs: number;
}

export interface PartitionRegistration {
  leader: BrokerId;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: BrokerId[];
  replicas: BrokerId[];
}

export interface ControllerState {
  brokers: Record<BrokerId, BrokerRegistrationState>;
  partitions: Record<PartitionId, PartitionRegistration>;
}
