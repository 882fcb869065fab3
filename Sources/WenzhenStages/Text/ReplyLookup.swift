import WenzhenCore

/// How the other party answers a sentence.
public enum ReplyLookup {
    /// The first later sentence by the other speaker, when it comes before the asker speaks twice more.
    public static func reply(to index: Int, in turns: [Turn]) -> Turn? {
        let asker = turns[index].speaker
        var own = 0
        for turn in turns[(index + 1)...] {
            if turn.speaker != asker { return turn }
            own += 1
            if own > 1 { return nil }
        }
        return nil
    }
}
