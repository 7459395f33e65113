// Runs created or renamed without a name get a random lowercase `word-word`
// slug, like Prefect's (e.g. "smart-kangaroo").
import { randomInt } from 'node:crypto';

const ADJECTIVES = [
  'amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'cosmic', 'crimson', 'daring', 'eager', 'electric', 'fancy',
  'fearless', 'gentle', 'glowing', 'golden', 'happy', 'hidden', 'humble', 'icy', 'jolly', 'keen', 'lively', 'lucky',
  'mellow', 'mighty', 'nimble', 'noble', 'polite', 'proud', 'quick', 'quiet', 'rapid', 'rustic', 'shiny', 'silent',
  'smart', 'snappy', 'solar', 'steady', 'swift', 'tidy', 'true', 'vivid', 'warm', 'wise', 'witty', 'zealous',
];
const ANIMALS = [
  'albatross', 'antelope', 'badger', 'beaver', 'bison', 'caribou', 'cheetah', 'condor', 'crane', 'dingo', 'dolphin',
  'eagle', 'falcon', 'ferret', 'gazelle', 'gecko', 'heron', 'ibis', 'jackal', 'jaguar', 'kangaroo', 'koala', 'lemur',
  'lynx', 'marmot', 'marten', 'narwhal', 'ocelot', 'otter', 'panda', 'pelican', 'puffin', 'quail', 'raven', 'salmon',
  'seal', 'sparrow', 'stork', 'tapir', 'toucan', 'turtle', 'urchin', 'viper', 'walrus', 'wombat', 'yak', 'zebra',
];

const pick = (words: string[]) => words[randomInt(words.length)];

export function randomRunName(): string {
  return `${pick(ADJECTIVES)}-${pick(ANIMALS)}`;
}

/** `null` and `""` become a random slug; anything else is kept. */
export function nameOrRandom(name: string | null | undefined): string {
  return name === null || name === undefined || name === '' ? randomRunName() : name;
}
