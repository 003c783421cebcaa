import JifenPolicy

/// The applicant form: the profile fields that matter for the launch cities, each with a Chinese
/// and English label, a line of help and a default. A submitted form is turned into a profile
/// document and read by the same strict decoder as a profile file, so its errors are the CLI's.
struct ApplicantForm {
    enum Kind {
        case date, number, text, check
        case choice([(value: String, label: String)])
    }

    struct Field {
        var name: String
        /// Where the value goes in the profile document; `place` stands for the chosen city.
        var path: [String]
        var zh: String
        var en: String
        var help: String
        var kind: Kind
        var initial: String
    }

    struct Section {
        var zh: String
        var en: String
        var fields: [Field]
    }

    /// Query names that are settings, not profile fields.
    static let settings: Set<String> = ["as_of", "years", "place"]

    let sections: [Section]
    let cities: [String]

    init(cities: [String], today: Day) {
        self.cities = cities
        func levels<L: OrderedLevel>(_: L.Type, _ zh: (L) -> String) -> Kind {
            .choice(L.allCases.map { ($0.rawValue, "\(zh($0)) \($0.rawValue.replacingOccurrences(of: "_", with: " "))") })
        }
        let place = ["places", "place"]
        sections = [
            Section(zh: "基本情况", en: "About you", fields: [
                Field(name: "birth_date", path: ["birth_date"], zh: "出生日期", en: "Date of birth",
                      help: "年龄分按评估日计算。Age points are counted on the evaluation date.", kind: .date, initial: "1996-05-01"),
                Field(name: "education", path: ["education", "level"], zh: "最高学历", en: "Highest education",
                      help: "按毕业证书。As on your diploma.", kind: levels(EducationLevel.self, \.nameZh), initial: "bachelor"),
                Field(name: "full_time", path: ["education", "full_time"], zh: "全日制", en: "Full-time study",
                      help: "部分城市只认全日制学历。Some cities count full-time study only.", kind: .check, initial: "on"),
                Field(name: "diploma", path: ["education", "diploma"], zh: "取得毕业证", en: "Holds the diploma",
                      help: "", kind: .check, initial: "on"),
                Field(name: "degree", path: ["education", "degree"], zh: "取得学位证", en: "Holds the degree",
                      help: "", kind: .check, initial: "on"),
                Field(name: "title", path: ["title"], zh: "专业技术职称", en: "Professional title",
                      help: "国家认可的职称。A nationally recognised title.", kind: levels(Title.self, \.nameZh), initial: "none"),
                Field(name: "skill", path: ["skill"], zh: "职业技能等级", en: "Vocational skill level",
                      help: "职业资格或技能等级证书。A vocational qualification certificate.", kind: levels(Skill.self, \.nameZh), initial: "none"),
                Field(name: "married", path: ["married"], zh: "婚姻状况", en: "Married",
                      help: "", kind: .choice([("false", "未婚 no"), ("true", "已婚 yes")]), initial: "false"),
            ]),
            Section(zh: "工作与居住", en: "Where you live and work", fields: [
                Field(name: "place", path: [], zh: "所在城市", en: "City you live and work in",
                      help: "以下月数都记在这个城市。The months below all count in this city.",
                      kind: .choice(cities.map { ($0, $0) }), initial: cities.first ?? ""),
                Field(name: "insured_months", path: place + ["insured_months"], zh: "社保缴纳月数", en: "Months of social insurance paid there",
                      help: "连续或累计，按各城市规则。Counted as each city's rules say.", kind: .number, initial: "24"),
                Field(name: "provident_fund_months", path: place + ["provident_fund_months"], zh: "公积金缴存月数", en: "Months of housing provident fund",
                      help: "未缴填 0。Enter 0 if none.", kind: .number, initial: "24"),
                Field(name: "residence_months", path: place + ["residence_months"], zh: "居住证持有月数", en: "Months holding a residence permit",
                      help: "", kind: .number, initial: "24"),
                Field(name: "employed", path: place + ["employed"], zh: "目前在当地就业", en: "Employed there now",
                      help: "", kind: .check, initial: "on"),
                Field(name: "employed_months", path: place + ["employed_months"], zh: "当地就业月数", en: "Months employed there",
                      help: "", kind: .number, initial: "24"),
                Field(name: "employer_months", path: place + ["employer_months"], zh: "现单位工作月数", en: "Months with the current employer",
                      help: "不超过当地就业月数。At most the months employed there.", kind: .number, initial: "24"),
                Field(name: "occupation_tier", path: place + ["occupation_tier"], zh: "紧缺职业", en: "Shortage occupation",
                      help: "是否在当地紧缺职业目录中。Whether the job is on the city's shortage list.",
                      kind: levels(OccupationTier.self, { $0.rawValue }), initial: "none"),
                Field(name: "income_tax_yuan", path: place + ["income_tax_yuan"], zh: "年个人所得税（元）", en: "Income tax paid a year (yuan)",
                      help: "可留空。May be left empty.", kind: .number, initial: ""),
            ]),
            Section(zh: "住房", en: "Housing", fields: [
                Field(name: "rented_months", path: place + ["rented_months"], zh: "登记租房月数", en: "Months in a registered rental",
                      help: "租赁合同已登记备案。The lease is registered.", kind: .number, initial: "24"),
                Field(name: "home_since", path: place + ["home", "since"], zh: "购房日期", en: "Own home bought on",
                      help: "没有自有住房则留空。Leave empty if you own no home.", kind: .date, initial: ""),
                Field(name: "home_district", path: place + ["home", "district"], zh: "住房所在区", en: "District of the home",
                      help: "区的拼音，如 xihu、binhai。District id in pinyin, e.g. xihu, binhai.", kind: .text, initial: ""),
                Field(name: "settle_district", path: place + ["settle_district"], zh: "拟落户区", en: "District to settle in",
                      help: "可留空。May be left empty.", kind: .text, initial: ""),
            ]),
            Section(zh: "其他加分", en: "Other points", fields: [
                Field(name: "volunteer_hours", path: ["volunteer_hours"], zh: "志愿服务小时", en: "Volunteer hours",
                      help: "", kind: .number, initial: ""),
                Field(name: "blood_donation_cc", path: ["blood_donation_cc"], zh: "献血量（毫升）", en: "Blood donated (ml)",
                      help: "", kind: .number, initial: ""),
                Field(name: "donation_yuan", path: ["donation_yuan"], zh: "慈善捐款（元）", en: "Charitable donations (yuan)",
                      help: "", kind: .number, initial: ""),
            ]),
            Section(zh: "测算设置", en: "Settings", fields: [
                Field(name: "as_of", path: [], zh: "评估日期", en: "Evaluation date",
                      help: "按当日有效的规则版本计算。The edition in force on this day is used.", kind: .date, initial: today.description),
                Field(name: "years", path: [], zh: "规划年数", en: "Years to plan ahead",
                      help: "0–40。", kind: .number, initial: "10"),
            ]),
        ]
    }

    var fields: [Field] { sections.flatMap(\.fields) }
    var names: Set<String> { Set(fields.map(\.name)) }

    /// The value each field shows: the submitted one, or (for a fresh form) its default.
    func values(_ query: QueryParameters) -> [String: String] {
        var out: [String: String] = [:]
        for f in fields {
            if query.isEmpty {
                out[f.name] = f.initial
            } else if case .check = f.kind {
                out[f.name] = (try? query.flag(f.name)) == true ? "on" : ""
            } else {
                out[f.name] = query[f.name] ?? ""
            }
        }
        return out
    }

    /// The profile document the values describe (empty fields are left out: missing, not zero).
    func document(_ values: [String: String]) throws -> Tree {
        guard let city = values["place"], cities.contains(city) else {
            throw InputError(file: "form", key: "place", "choose one of: \(cities.joined(separator: ", "))")
        }
        var root = Node()
        for f in fields where !f.path.isEmpty {
            let raw = values[f.name] ?? ""
            let value: String
            if case .check = f.kind { value = raw == "on" ? "true" : "false" } else { value = raw }
            guard !value.isEmpty else { continue }
            root.set(f.path.map { $0 == "place" ? city : $0 }, value)
        }
        return root.tree(file: "form", path: "")
    }

    /// A profile document under construction: nested maps in field order.
    private struct Node {
        var scalar: String?
        var children: [(String, Node)] = []

        mutating func set(_ path: [String], _ value: String) {
            guard let head = path.first else { scalar = value; return }
            if let i = children.firstIndex(where: { $0.0 == head }) {
                children[i].1.set(Array(path.dropFirst()), value)
            } else {
                var child = Node()
                child.set(Array(path.dropFirst()), value)
                children.append((head, child))
            }
        }

        func tree(file: String, path: String) -> Tree {
            if let scalar { return Tree(value: .scalar(scalar, quoted: false), file: file, line: nil, path: path) }
            return Tree(value: .map(children.map { ($0.0, $0.1.tree(file: file, path: path.isEmpty ? $0.0 : "\(path).\($0.0)")) }),
                        file: file, line: nil, path: path)
        }
    }
}
