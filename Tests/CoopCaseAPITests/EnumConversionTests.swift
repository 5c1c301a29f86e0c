import CoopCaseDomain
import Testing

@testable import CoopCaseAPI

/// Every enum the contract shares with the domain converts, case by case, in each direction it is converted in.
@Suite struct EnumConversionTests {
    typealias Schemas = Components.Schemas

    /// Every case of `From` has a case of `To` with its raw value, except those listed.
    func covers<From: CaseIterable & RawRepresentable, To: RawRepresentable>(
        _ from: From.Type, _ to: To.Type, except: Set<String> = [], sourceLocation: SourceLocation = #_sourceLocation
    ) where From.RawValue == String, To.RawValue == String {
        #expect(!From.allCases.isEmpty, sourceLocation: sourceLocation)
        for value in From.allCases where !except.contains(value.rawValue) {
            #expect(
                To(rawValue: value.rawValue) != nil, "\(To.self) lacks \(value.rawValue)",
                sourceLocation: sourceLocation)
        }
    }

    /// Both ways, case for case.
    func same<A: CaseIterable & RawRepresentable, B: CaseIterable & RawRepresentable>(
        _ a: A.Type, _ b: B.Type, sourceLocation: SourceLocation = #_sourceLocation
    ) where A.RawValue == String, B.RawValue == String {
        covers(a, b, sourceLocation: sourceLocation)
        covers(b, a, sourceLocation: sourceLocation)
        #expect(A.allCases.count == B.allCases.count, sourceLocation: sourceLocation)
    }

    @Test func everySharedEnumConvertsCaseForCase() {
        same(Schemas.Role.self, Role.self)
        same(Schemas.ApplicationState.self, ApplicationState.self)
        same(Schemas.Action.self, Action.self)
        same(Schemas.ProgrammeKind.self, ProgrammeKind.self)
        same(Schemas.ProgrammeStatus.self, ProgrammeStatus.self)
        same(Schemas.CooperativeKind.self, CooperativeKind.self)
        same(Schemas.RejectionReason.self, RejectionReason.self)
        same(Schemas.Event.ChannelPayload.self, EventChannel.self)
        same(Schemas.Recommendation.KindPayload.self, RecommendationKind.self)
        same(Schemas.ActionInput.RecommendationPayload.self, RecommendationKind.self)
        same(Schemas.Decision.KindPayload.self, DecisionKind.self)
        same(Schemas.Programme.UnitPayload.self, BudgetUnit.self)
        same(Schemas.Budget.UnitPayload.self, BudgetUnit.self)
        same(Schemas.Summary.ProgrammesPayloadPayload.UnitPayload.self, BudgetUnit.self)
    }

    @Test func workflowActionsAreEveryActionButCreateAndReissue() {
        // The action route names any action but `create` and `reissueCode`, which have routes of their own (a new
        // application; a new access code, shown once).
        covers(Schemas.WorkflowAction.self, Action.self)
        covers(Action.self, Schemas.WorkflowAction.self, except: ["create", "reissueCode"])
        covers(Action.self, Schemas.Action.self)
        #expect(Schemas.WorkflowAction(rawValue: "create") == nil)
        #expect(Schemas.WorkflowAction(rawValue: "reissueCode") == nil)
    }

    @Test func everyEligibilityRuleHasItsName() {
        let rules: [EligibilityRule] = [
            .kindIn([]), .minMembers(1), .minWorkers(1), .maxAnnualRevenue(1), .minYearsOperating(1),
            .provinceIn([]), .wardIn([]), .lacksAny([]),
        ]
        #expect(Set(rules.map(\.name)).count == Schemas.EligibilityRule.RulePayload.allCases.count)
        for rule in rules { #expect(Schemas.EligibilityRule.RulePayload(rawValue: rule.name) != nil, "\(rule.name)") }
    }

    @Test func conversionKeepsTheRawValue() {
        for state in ApplicationState.allCases {
            #expect(state.converted(Schemas.ApplicationState.self).rawValue == state.rawValue)
            #expect(state.converted(Schemas.ApplicationState.self).converted(ApplicationState.self) == state)
        }
    }
}
