/// Something an applicant could do that the rules reward, with how many points it adds.
public struct Action: Sendable {
    public var description: String
    public var descriptionZh: String
    /// Points gained against the same profile without the action, one year on.
    public var gain: Double
}

extension Action {
    /// The actions that add most points under `scorer` for someone living in its place,
    /// compared one year on so that rewards that accrue per month count too.
    public static func best(for profile: Profile, scorer: Scorer, asOf: Day, count: Int = 3) throws -> [Action] {
        let place = scorer.edition.place
        let horizon = asOf.adding(months: 12)
        let base = Projection.advance(profile, in: place, months: 0)
        let baseline = try scorer.score(Projection.advance(base, in: place, months: 12), asOf: horizon).total
        var results: [Action] = []
        for candidate in candidates(profile: base, edition: scorer.edition, asOf: asOf) {
            let after = try scorer.score(Projection.advance(candidate.2, in: place, months: 12), asOf: horizon).total
            if after > baseline + 1e-9 {
                results.append(Action(description: candidate.0, descriptionZh: candidate.1, gain: after - baseline))
            }
        }
        // Keep one action per kind of change (e.g. the best district only).
        var seen = Set<String>()
        return results.sorted { ($0.gain, $1.description) > ($1.gain, $0.description) }
            .filter { seen.insert(String($0.description.prefix(while: { $0 != "(" }))).inserted }
            .prefix(count).map { $0 }
    }

    static func next<L: OrderedLevel>(_ level: L?) -> L? {
        let all = L.allCases
        let i = level.map { all.firstIndex(of: $0)! } ?? 0
        return i + 1 < all.count ? all[i + 1] : nil
    }

    static func candidates(profile p: Profile, edition: Edition, asOf: Day) -> [(String, String, Profile)] {
        let place = edition.place
        var out: [(String, String, Profile)] = []
        func with(_ en: String, _ zh: String, _ change: (inout Profile) -> Void) {
            var q = p
            change(&q)
            out.append((en, zh, q))
        }
        if let level = next(p.education?.level) {
            with("Complete a \(level.rawValue) degree", "提升学历至\(level.nameZh)") {
                var e = $0.education ?? Education()
                e.level = level; e.diploma = true; e.degree = true; e.fullTime = e.fullTime ?? false
                $0.education = e
            }
        }
        if let t = next(p.title) { with("Obtain a \(t.rawValue) professional title", "取得\(t.nameZh)职称") { $0.title = t } }
        if let s = next(p.skill) { with("Obtain a \(s.rawValue) vocational skill certificate", "取得\(s.nameZh)职业资格") { $0.skill = s } }
        let place0 = p.place(place)
        if place0?.home == nil || place0?.home?.offPlan == true {
            for d in edition.districts {
                with("Buy a home and live in it (\(d))", "在\(d)购房并居住") { q in
                    q.updatePlace(place) { $0.home = { var h = Home(); h.district = d; h.since = asOf; h.offPlan = false; return h }() }
                }
            }
            if (place0?.rentedMonths ?? 0) == 0 {
                with("Rent with a registered lease", "办理租赁登记") { q in q.updatePlace(place) { $0.rentedMonths = 1 } }
            }
        }
        for d in edition.districts where place0?.settleDistrict != d {
            with("Register the hukou address in a favoured district (\(d))", "落户至\(d)") { q in q.updatePlace(place) { $0.settleDistrict = d } }
        }
        if place0?.occupationTier != .very_short {
            with("Work in a very-short-supply occupation", "从事非常紧缺职业") { q in q.updatePlace(place) { $0.occupationTier = .very_short } }
        }
        if (place0?.providentFundMonths ?? 0) == 0 {
            with("Start paying into the housing provident fund", "缴存住房公积金") { q in q.updatePlace(place) { $0.providentFundMonths = 1 } }
        }
        with("Volunteer 40 recorded hours", "登记志愿服务40小时") { $0.volunteerHours = ($0.volunteerHours ?? 0) + 40 }
        with("Donate 400 cc of blood", "无偿献血400毫升") { $0.bloodDonationCC = ($0.bloodDonationCC ?? 0) + 400 }
        with("Donate 2,000 yuan to charity", "慈善捐款2000元") { $0.donationYuan = ($0.donationYuan ?? 0) + 2000 }
        with("Obtain an invention patent", "取得发明专利") { $0.inventionPatents = ($0.inventionPatents ?? 0) + 1 }
        return out
    }
}
