/// Advancing a profile in time under stated assumptions, to answer "when would I qualify?".
public enum Projection {
    /// The assumptions `advance` makes, in words, for output.
    public static let assumptions = [
        "keeps living in the city: residence months grow by one a month, with one permit endorsement a year",
        "keeps working there: employed, with employment and current-employer months growing",
        "keeps paying social insurance there through the employer (every type), and the housing provident fund if already paying",
        "a renter keeps a registered lease; a home owner keeps the home; nothing else changes",
    ]

    /// What the person does in `place` from `start` in its projection, in words: stay where they
    /// already live and work, or move there. Each city's projection is a separate scenario.
    public static func scenario(_ profile: Profile, in place: String, from start: Day) -> String {
        let here = profile.place(place)
        let present = here.map { $0.employed == true || ($0.residenceMonths ?? 0) > 0 || ($0.insuredMonths ?? 0) > 0 } ?? false
        guard present, let here else {
            return "moves to \(place) on \(start): from then works there, is insured through the employer and registers residence; "
                + "every month there counts from that date (no home or registered lease there is assumed)"
        }
        var parts = ["already lives or works in \(place): from \(start) keeps living, working and insured there"]
        if here.home != nil && here.home?.offPlan != true {
            parts.append("keeps the home")
        } else if (here.rentedMonths ?? 0) > 0 {
            parts.append("keeps a registered lease")
        }
        if here.employed != true { parts.append("takes up work there") }
        return parts.joined(separator: "; ")
    }

    /// The profile `months` later, living, working and insured in `place`.
    public static func advance(_ profile: Profile, in place: String, months: Int) -> Profile {
        guard months > 0 else { return ensurePresence(profile, in: place) }
        var p = ensurePresence(profile, in: place)
        p.updatePlace(place) { pl in
            pl.insuredMonths = (pl.insuredMonths ?? 0) + months
            pl.continuousInsuredMonths = pl.continuousInsuredMonths.map { $0 + months }
            if var im = pl.insuranceMonths {
                im.pension = im.pension.map { $0 + months }
                im.medical = im.medical.map { $0 + months }
                im.unemployment = im.unemployment.map { $0 + months }
                im.injury = im.injury.map { $0 + months }
                im.maternity = im.maternity.map { $0 + months }
                pl.insuranceMonths = im
            }
            // One endorsement for each full year of residence completed meanwhile.
            let before = pl.residenceMonths ?? 0, after = before + months
            pl.residenceMonths = after
            pl.permitEndorsements = (pl.permitEndorsements ?? before / 12) + (after / 12 - before / 12)
            pl.employedMonths = (pl.employedMonths ?? 0) + months
            pl.employerMonths = (pl.employerMonths ?? 0) + months
            if let pf = pl.providentFundMonths, pf > 0 { pl.providentFundMonths = pf + months }
            if pl.home == nil || pl.home?.offPlan == true, let rented = pl.rentedMonths, rented > 0 {
                pl.rentedMonths = rented + months
            }
        }
        return p
    }

    /// Someone planning to live in `place` is taken to work there from now on.
    static func ensurePresence(_ profile: Profile, in place: String) -> Profile {
        var p = profile
        p.updatePlace(place) { pl in
            pl.employed = true
            pl.insuredMonths = pl.insuredMonths ?? 0
            pl.residenceMonths = pl.residenceMonths ?? 0
            pl.employedMonths = pl.employedMonths ?? 0
            pl.employerMonths = pl.employerMonths ?? 0
        }
        return p
    }

    /// The first month (0 = now) within `years` in which the profile, advanced in `place` and
    /// scored under the edition in force then, reaches the threshold; with that card, whose
    /// `eligible` says whether every other condition holds too. A city without a threshold ranks
    /// every eligible applicant, so there the first eligible month counts.
    public static func firstReaching(
        _ profile: Profile, in place: String, from start: Day, years: Int,
        edition: (Day) throws -> Scorer
    ) throws -> (months: Int, date: Day, card: ScoreCard)? {
        for m in 0...(years * 12) {
            let day = start.adding(months: m)
            let card = try edition(day).score(advance(profile, in: place, months: m), asOf: day)
            if card.eligible || (!card.vetoed && card.threshold.map { card.total >= $0 } == true) { return (m, day, card) }
        }
        return nil
    }
}
