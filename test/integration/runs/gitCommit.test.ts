// The commit a run records at start, read from a real git repository's files (made with the
// git binary): a branch, a detached HEAD, packed refs after `git gc`, a linked worktree, and
// nothing outside a repository.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headCommitOf } from '../../../src/infra/git/headCommit';
import { makeTempDir } from '../../support/tempDir';

describe('the git commit a run starts from', () => {
  const tmp = makeTempDir('mv-git-');
  const repo = path.join(tmp.dir, 'repo');
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();

  before(() => {
    fs.mkdirSync(path.join(repo, 'loadtests'), { recursive: true });
    git('init', '-q', '-b', 'main');
    fs.writeFileSync(path.join(repo, 'loadtests', 'pets.js'), 'export default function () {}\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
  });
  after(() => tmp.cleanup());

  it('reads the branch commit from a script folder deep in the repository, then after a new commit', () => {
    assert.equal(headCommitOf(path.join(repo, 'loadtests')), git('rev-parse', 'HEAD'));
    fs.writeFileSync(path.join(repo, 'README.md'), 'x\n');
    git('add', '.');
    git('commit', '-q', '-m', 'two');
    assert.equal(headCommitOf(path.join(repo, 'loadtests')), git('rev-parse', 'HEAD'));
  });

  it('reads packed refs, a detached HEAD and a linked worktree', () => {
    git('gc', '-q');
    assert.ok(fs.readFileSync(path.join(repo, '.git', 'packed-refs'), 'utf8').includes('refs/heads/main'), 'the branch is a packed ref now');
    assert.equal(headCommitOf(repo), git('rev-parse', 'HEAD'));
    const first = git('rev-parse', 'HEAD~1');
    const wt = path.join(tmp.dir, 'wt');
    git('worktree', 'add', '-q', '--detach', wt, first);
    assert.equal(headCommitOf(path.join(wt, 'loadtests')), first);
    git('worktree', 'add', '-q', '-b', 'feature', path.join(tmp.dir, 'wt2'));
    assert.equal(headCommitOf(path.join(tmp.dir, 'wt2')), git('rev-parse', 'feature'));
  });

  it('is undefined outside a repository', () => {
    const outside = path.join(tmp.dir, 'plain');
    fs.mkdirSync(outside);
    assert.equal(headCommitOf(outside), undefined);
  });
});
