/// The body of `GET /v1/models`.
struct MockModelList: Sendable, Encodable {
    struct Model: Sendable, Encodable {
        var id: String
        var object = "model"
        var created = 0
        var ownedBy = "mock"

        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }
    }

    var object = "list"
    var data: [Model]

    init(ids: [String]) {
        self.data = ids.map { Model(id: $0) }
    }
}
