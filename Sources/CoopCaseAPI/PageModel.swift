import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The values every page gives the layout. Templates see stored properties only (they are read by reflection).
protocol PageModel {
    var title: String { get }
    var text: PageText { get }
    var switchHref: String { get }
}

extension PageText {
    /// The same page in the other language.
    var switchHref: String { otherLang == "en" ? "/tra-cuu?lang=en" : "/tra-cuu" }
}

/// The office that answers, on every page: the issuing authority, its desk, address and phone.
struct Desk {
    let authority: String
    let name: String
    let address: String
    let phone: String
    /// The number a phone dials: its digits (and a leading +) only. Stored: templates read stored properties.
    let dial: String

    init(authority: String, name: String, address: String, phone: String) {
        self.authority = authority
        self.name = name
        self.address = address
        self.phone = phone
        dial = String(phone.filter { $0.isASCII && ($0.isNumber || $0 == "+") })
    }
}

struct LookupPage: PageModel {
    struct Problem {
        var heading: String
        var message: String
    }
    let title: String
    let text: PageText
    let switchHref: String
    let desk: Desk
    let reference: String
    let error: Problem?

    init(text: PageText, desk: Desk, reference: String = "", error: Problem? = nil) {
        title = error?.heading ?? text.lookupTitle
        self.text = text
        switchHref = text.switchHref
        self.desk = desk
        self.reference = reference
        self.error = error
    }
}

/// What the code holder may be shown: the programme, the state and its next step, the deadline, the contact.
struct StatusFacts {
    let reference: String
    let code: String
    let programme: String
    let stateCode: String
    let state: String
    let nextStep: String
    let deadline: String?
    let contact: String
    let desk: Desk
    let requested: String
    /// The amount approved, once an approval decided it.
    let approved: String?
    let receiptAvailable: Bool
    let informationRequested: String?
    let rejectionReason: String?

    init(
        application: CoopCaseDomain.Application, programme: Programme, status: PublicStatus, language: Language,
        code: String, desk: Desk
    ) {
        reference = application.reference.value
        self.code = AccessCode.display(code)
        self.programme = programme.name.text(language)
        stateCode = application.state.rawValue
        state = application.state.label.text(language)
        nextStep = status.nextStep.text(language)
        // The due day from the working calendar, as the API and the CLI give it.
        deadline = status.reviewDueOn.map { day in
            Pages.date(StatutoryClock.closing(of: day), language)
                + (status.isLate ? " " + PageText.for(language).lateNote : "")
        }
        contact = status.contact.text(language)
        self.desk = desk
        requested = programme.kind.unit.format(application.request.amount, language)
        approved = application.decision.flatMap { decision in
            decision.kind == .approve ? programme.kind.unit.format(decision.amount, language) : nil
        }
        receiptAvailable = application.submittedAt != nil
        informationRequested = status.informationRequested
        rejectionReason = status.rejectionReason?.text(language)
    }
}

/// Templates open `{{#facts}}` to reach these; the layout's values stay visible inside.
struct StatusPage: PageModel {
    struct Step {
        var at: String
        var label: String
    }
    let title: String
    let text: PageText
    let switchHref: String
    let facts: StatusFacts
    let history: [Step]

    init(facts: StatusFacts, text: PageText, history: [Step]) {
        title = text.statusHeading
        self.text = text
        switchHref = text.switchHref
        self.facts = facts
        self.history = history
    }
}

struct ReceiptPage: PageModel {
    let title: String
    let text: PageText
    let switchHref: String
    let facts: StatusFacts
    let submitted: String
    let lookupAddress: String

    init(facts: StatusFacts, text: PageText, submitted: String, lookupAddress: String) {
        title = text.receiptHeading
        self.text = text
        switchHref = text.switchHref
        self.facts = facts
        self.submitted = submitted
        self.lookupAddress = lookupAddress
    }
}
