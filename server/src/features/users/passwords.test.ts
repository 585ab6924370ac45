import { describe, expect, it } from 'vitest';
import {
  MAX_CONCURRENT_HASHES,
  Semaphore,
  argon2Slots,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './passwords';

describe('passwordProblem', () => {
  it.each([
    ['rls-demo-2026', null],
    ['correct horse battery', null],
    ['Tall-Maple-Harbor-42', null],
    ['elevenchars', 'must be at least 12 characters long'],
    ['password1234', 'is too common'],
    ['Password1234!', 'is too common'],
    ['!!monkey2024!!', 'is too common'],
    ['1q2w3e4r5t6y', 'is too common'],
    ['zzzzzzzzzzzz', 'too easy to guess'],
    ['abab12abab12', null],
    ['abcdefghijklmn', 'too easy to guess'],
    ['987654321098', 'too easy to guess'],
    ['i-am-maya-chen', 'must not contain the username'],
  ])('%s → %s', (password, problem) => {
    const result = passwordProblem(password, 'maya');
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });

  it('counts characters, not UTF-16 units, and caps the length', () => {
    expect(passwordProblem('ñandú-ñandú1')).toBeNull(); // 12 characters
    expect(passwordProblem('😀😀😀😀😀😀😀😀😀😀😀')).toContain('at least 12'); // 11 emoji, 22 units
    expect(passwordProblem('x'.repeat(1025))).toContain('at most 1024');
  });

  it('ignores a username too short to matter', () => {
    expect(passwordProblem('blue-al-harbor', 'al')).toBeNull();
  });
});

describe('Semaphore', () => {
  it('runs at most N tasks at once and starts the rest in order as slots free up', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const release: (() => void)[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) =>
      slots.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running -= 1;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(slots.waiting).toBe(3);
    while (release.length > 0) {
      release.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a task throws', async () => {
    const slots = new Semaphore(1);
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(() => Promise.resolve('next'))).toBe('next');
  });

  it(`bounds argon2 to ${MAX_CONCURRENT_HASHES} at once: a burst of 10 hashes queues the rest`, async () => {
    const burst = Array.from({ length: 10 }, (_, i) => hashPassword(`burst password ${i}`));
    await new Promise((r) => setTimeout(r, 0));
    expect(argon2Slots.waiting).toBe(10 - MAX_CONCURRENT_HASHES);
    const hashes = await Promise.all(burst);
    expect(argon2Slots.waiting).toBe(0);
    expect(await verifyPassword(hashes[3]!, 'burst password 3')).toBe(true);
    expect(await verifyPassword(hashes[3]!, 'burst password 4')).toBe(false);
  });
});
