// What a leader knows about one follower's log.

export class Progress {
  /**
   * @param match the highest index known to be in the follower's log (0: nothing known yet)
   * @param next  the index of the next entry to send to the follower
   */
  constructor(
    public match: number,
    public next: number,
  ) {}
}
