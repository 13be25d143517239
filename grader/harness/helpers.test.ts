// Tests of the harness helpers. newRaft is replaced by a recording fake, so
// these tests check what the helpers pass to the implementation without
// depending on any Raft implementation.

import { EntryType, Message, MessageType } from "@raft/eraftpb";
import { ErrProposalDropped, NotImplementedError, RaftError } from "@raft/errors";
import { Config } from "@raft/raft";
import { MemoryStorage } from "@raft/storage";
import { GradeFailure } from "./assert";
import {
  acceptAndReply,
  beat,
  ents,
  entriesWithTerms,
  entry,
  hup,
  idsBySize,
  msg,
  newTestConfig,
  newTestRaft,
  prop,
  readMessages,
  sortMessages,
  stepTolerant,
  storageWithEnts,
  tickUntil,
  voted,
} from "./helpers";
import { harnessRng } from "./seed";
import { newNetwork, newNetworkWithConfig } from "./network";

interface FakeRaft {
  id: number;
  term: number;
  vote: number;
  cfg: Config;
  msgs: Message[];
  step(m: Message): void;
}

jest.mock("@raft/raft", () => {
  const actual = jest.requireActual<typeof import("@raft/raft")>("@raft/raft");
  return {
    ...actual,
    newRaft: (cfg: Config): FakeRaft => {
      const hs = cfg.storage.initialState().hardState;
      return { id: cfg.id, term: hs.term, vote: hs.vote, cfg, msgs: [], step: () => undefined };
    },
  };
});

function asFake(x: unknown): FakeRaft {
  return x as FakeRaft;
}

describe("node builders", () => {
  test("newTestConfig sets exactly the five fields", () => {
    const s = new MemoryStorage();
    expect(newTestConfig(2, [1, 2], 10, 1, s)).toStrictEqual({
      id: 2,
      peers: [1, 2],
      electionTick: 10,
      heartbeatTick: 1,
      storage: s,
    });
  });

  test("newTestRaft passes its config to newRaft", () => {
    const s = new MemoryStorage();
    const r = asFake(newTestRaft(3, [1, 2, 3], 7, 2, s));
    expect(r.cfg).toStrictEqual({ id: 3, peers: [1, 2, 3], electionTick: 7, heartbeatTick: 2, storage: s });
  });

  test("idsBySize counts from 1", () => {
    expect(idsBySize(1)).toEqual([1]);
    expect(idsBySize(5)).toEqual([1, 2, 3, 4, 5]);
    expect(idsBySize(0)).toEqual([]);
  });

  test("ents stores one entry per term, applies cfgFn, and sets the last term", () => {
    const r = asFake(
      ents(
        (c) => {
          c.peers = [1, 2, 3];
        },
        2,
        1,
        1,
        3,
      ),
    );
    expect(r.cfg.id).toBe(2);
    expect(r.cfg.peers).toEqual([1, 2, 3]);
    expect([r.cfg.electionTick, r.cfg.heartbeatTick]).toEqual([5, 1]);
    const s = r.cfg.storage;
    expect(s.lastIndex()).toBe(3);
    expect([s.term(1), s.term(2), s.term(3)]).toEqual([1, 1, 3]);
    expect(r.term).toBe(3);
    expect(asFake(ents(null, 1, 2)).cfg.peers).toEqual([]);
  });

  test("voted stores the hard state and no entries", () => {
    const r = asFake(voted(null, 4, 3, 2));
    expect(r.cfg.storage.initialState().hardState).toEqual({ term: 2, vote: 3, commit: 0 });
    expect(r.cfg.storage.lastIndex()).toBe(0);
    expect([r.term, r.vote, r.cfg.id]).toEqual([2, 3, 4]);
  });

  test("storageWithEnts keeps the raw array with its dummy", () => {
    const s = storageWithEnts([entry(0, 0), entry(1, 0), entry(2, 1)]);
    expect([s.firstIndex(), s.lastIndex(), s.term(2)]).toEqual([1, 2, 1]);
  });

  test("newNetwork builds fresh nodes with peers 1..n, ticks 10/1, its own storage, and cfgFn", () => {
    const net = newNetworkWithConfig(
      (c) => {
        c.electionTick = 5;
      },
      null,
      null,
      null,
    );
    for (const id of [1, 2, 3]) {
      const r = asFake(net.peers.get(id));
      expect(r.cfg.id).toBe(id);
      expect(r.cfg.peers).toEqual([1, 2, 3]);
      expect([r.cfg.electionTick, r.cfg.heartbeatTick]).toEqual([5, 1]);
      expect(r.cfg.storage).toBe(net.storage.get(id));
    }
    expect(new Set([1, 2, 3].map((id) => net.storage.get(id))).size).toBe(3);
    expect(asFake(newNetwork(null, null).peers.get(2)).cfg.electionTick).toBe(10);
  });
});

describe("messages", () => {
  test("msg builds a complete message (C0)", () => {
    expect(msg({ msgType: MessageType.MsgAppend, from: 1 })).toStrictEqual({
      ...Message.create(),
      msgType: 3,
      from: 1,
    });
    expect(msg({}).entries).toEqual([]);
    expect(msg({}).snapshot).toBeUndefined();
  });

  test("hup, beat and prop are local messages at term 0", () => {
    expect([hup(2).msgType, hup(2).from, hup(2).to, hup(2).term]).toEqual([MessageType.MsgHup, 2, 2, 0]);
    expect(beat(1).msgType).toBe(MessageType.MsgBeat);
    const p = prop(1, "x");
    expect(p.msgType).toBe(MessageType.MsgPropose);
    expect(p.entries).toHaveLength(1);
    expect(p.entries[0].entryType).toBe(EntryType.EntryNormal);
    expect(Buffer.from(p.entries[0].data).toString()).toBe("x");
    expect(prop(1).entries[0].data).toHaveLength(0);
  });

  test("readMessages returns the outbox and empties it", () => {
    const r = { msgs: [msg({ to: 2 }), msg({ to: 3 })] };
    const got = readMessages(r);
    expect(got.map((x) => x.to)).toEqual([2, 3]);
    expect(r.msgs).toEqual([]);
  });

  test("sortMessages orders by type, then to, then from, numerically, without changing its input", () => {
    const a = msg({ msgType: 8, to: 10, from: 1 });
    const b = msg({ msgType: 8, to: 2, from: 1 });
    const c = msg({ msgType: 3, to: 3, from: 9 });
    const d = msg({ msgType: 8, to: 2, from: 0 });
    const input = [a, b, c, d];
    expect(sortMessages(input)).toEqual([c, d, b, a]);
    expect(input).toEqual([a, b, c, d]);
  });

  test("acceptAndReply answers a MsgAppend with the last verified index and rejects anything else", () => {
    const app = msg({
      msgType: MessageType.MsgAppend,
      from: 1,
      to: 2,
      term: 3,
      index: 4,
      entries: entriesWithTerms(3, 3),
    });
    expect(acceptAndReply(app)).toStrictEqual(
      msg({ msgType: MessageType.MsgAppendResponse, from: 2, to: 1, term: 3, index: 6 }),
    );
    expect(() => acceptAndReply(msg({ msgType: MessageType.MsgHeartbeat }))).toThrow(GradeFailure);
  });
});

describe("stepTolerant", () => {
  const thrower = (e: unknown) => ({
    step: () => {
      throw e;
    },
  });

  test("swallows and returns a lab error", () => {
    const err = new ErrProposalDropped();
    expect(stepTolerant(thrower(err), prop(1))).toBe(err);
    expect(stepTolerant({ step: () => undefined }, prop(1))).toBeUndefined();
    class Custom extends RaftError {}
    expect(stepTolerant(thrower(new Custom("x")), prop(1))).toBeInstanceOf(Custom);
  });

  test("lets NotImplementedError through unchanged, naming what is missing", () => {
    const err = new NotImplementedError("becomeCandidate", "2A");
    expect(() => stepTolerant(thrower(err), hup(1))).toThrow(err);
    expect(() => stepTolerant(thrower(err), hup(1))).toThrow("not implemented: becomeCandidate (2A)");
  });

  test("fails on any other error, saying which message was being stepped", () => {
    expect(() => stepTolerant(thrower(new TypeError("x is undefined")), hup(3))).toThrow(TypeError);
    expect(() => stepTolerant(thrower(new TypeError("y")), hup(3))).toThrow(
      /y\n {2}\(thrown while n3 was stepping MsgHup 3→3 t0\)/,
    );
    expect(() => stepTolerant(thrower("a string"), hup(3))).toThrow("a string");
    const frozen = Object.freeze(new RangeError("frozen"));
    expect(() => stepTolerant(thrower(frozen), hup(3))).toThrow(frozen);
  });
});

describe("loop bounds and randomness", () => {
  test("tickUntil counts ticks and gives up with a clear message", () => {
    let t = 0;
    const node = { tick: () => void t++ };
    expect(tickUntil(node, () => t >= 3, "three ticks")).toBe(3);
    expect(tickUntil(node, () => true, "nothing")).toBe(0);
    expect(() => tickUntil(node, () => false, "n1 to become Candidate", 20)).toThrow(
      /gave up after 20 ticks: possible livelock or term-0 bug\n {2}while waiting for: n1 to become Candidate/,
    );
  });

  test("harnessRng is reproducible per test and label, and apart from Math.random", () => {
    const a = harnessRng("t").next();
    const b = harnessRng("t").next();
    const c = harnessRng("u").next();
    expect(new Set([a, b, c]).size).toBe(3);
    expect(Math.random()).not.toBe(a);
  });
});
