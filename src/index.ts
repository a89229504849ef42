/** kcheck's public entry point: the simulated cluster, its configuration, and Kafka's partitioner. */
export { murmur2, toPositive } from './system/clients/partitioner/murmur2.ts';
// Kafka's default partitioner for keyed records: murmur2 of the key bytes, made positive, modulo the partitions.
export { partitionForKey } from './system/clients/partitioner/default-partitioner.ts';
export { makeClusterConfig } from './system/config/validate.ts';
export type { ClusterConfig, ProducerConfig, ConsumerConfig, FlushPolicy } from './system/config/config.ts';
export { KcheckInputError } from './input-error.ts';
export { startSimulation, step, runSteps, observationsOf, brokerView, controllerView, worldHash } from './system/simulation.ts';
export type { Simulation } from './system/simulation.ts';
export type { Step } from './system/kernel/steps.ts';
export type { BrokerLogic, BrokerView, ReplicaView } from './system/kernel/broker-logic.ts';
export type { NodeLogic, NodeInput, Output, Transition } from './system/kernel/node-logic.ts';
export { referenceBroker } from './system/broker/reference-broker.ts';
export { referenceParts } from './system/broker/reference-parts.ts';
export { createBroker } from './system/broker/create-broker.ts';
// What a part of a composed broker is given and returns (docs/broker-api.md, "Way 1"; the course's starters).
export type { BrokerParts, TruncationPart, TruncationStart } from './system/broker/parts.ts';
export type { PartitionReplica, FollowerProgress, EpochEntry, ProducerSequenceState, SequenceRun } from './system/broker/broker-state.ts';
export type { EpochEndOffset } from './system/broker/log.ts';
export type { SequenceVerdict } from './system/broker/sequences.ts';
export { logEndOffset, latestEpoch } from './system/broker/broker-state.ts';
// A group coordinator's decisions (createBroker's third argument; assignment 5's starter) and the data they see.
export { referenceCoordinatorParts } from './system/coordinator/coordinator-parts.ts';
export type { CoordinatorParts } from './system/coordinator/coordinator-parts.ts';
export type { Group, GroupMember, GroupPhase, CommittedOffset } from './system/coordinator/group-state.ts';
export { readOffsetsRecord } from './system/coordinator/offsets-log.ts';
export type { OffsetsLogEntry, StoredGroup, StoredMember } from './system/coordinator/offsets-log.ts';
export type { LogRecord } from './system/protocol/records.ts';
