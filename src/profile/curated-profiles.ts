/**
 * The curated profiles of reports/profiles/: configurations Kafka users meet, each as the properties files a team
 * would write, with a sentence on why it is there. `kcheck check --curated DIR` writes these files and checks them
 * as a user's would be checked; nothing here runs anything.
 */

export interface CuratedProfile {
  name: string;
  title: string;
  why: string;
  /** producer.properties and server.properties, as written to the profile's folder. */
  producer: string;
  server: string;
}

const NOTHING_SET = '# Nothing set: Kafka 4.0’s defaults.\n';

export const CURATED_PROFILES: readonly CuratedProfile[] = [
  {
    name: 'kafka-defaults',
    title: 'Kafka’s defaults',
    why: 'A Kafka 4.0 producer and broker with nothing set: acks=all, idempotence on, 5 requests in flight, min.insync.replicas=1, clean elections, a topic with RF 3.',
    producer: NOTHING_SET,
    server: NOTHING_SET,
  },
  {
    name: 'acks1-for-speed',
    title: 'acks=1 for speed',
    why: 'The usual tuning for throughput: the leader alone acknowledges, batches linger 20 ms and grow to 64 KiB. Idempotence goes off with acks=1 (Kafka turns its default off).',
    producer: '# Throughput first: the leader alone acknowledges.\nacks=1\nlinger.ms=20\nbatch.size=65536\n',
    server: NOTHING_SET,
  },
  {
    name: 'acks-all-min-isr-1',
    title: 'acks=all but minISR=1',
    why: 'acks=all with min.insync.replicas=1 (Kafka’s default broker setting, written out): an ISR of one acknowledges alone. With clean elections kcheck finds no loss within 2 impaired brokers — the partition waits for its last ISR member — so this profile reads as Kafka’s defaults; with unclean elections it is the next profile.',
    producer: 'acks=all\n',
    server: 'min.insync.replicas=1\n',
  },
  {
    name: 'unclean-election-on',
    title: 'Unclean election on',
    why: 'Availability first: a replica outside the ISR may become leader when no ISR member is left, with Kafka’s defaults otherwise (acks=all, min.insync.replicas=1).',
    producer: NOTHING_SET,
    server: 'unclean.leader.election.enable=true\n',
  },
];
