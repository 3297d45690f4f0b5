import Durable
import Testing

@Suite struct SystemErrorTests {
    @Test func descriptionNamesCallPathAndSystemMessage() {
        let error = SystemError(operation: "open", path: "/x/y", errno: 2)
        #expect(error.description == "open(/x/y): No such file or directory")
    }

    @Test func descriptionWithoutPathNamesOnlyTheCall() {
        let error = SystemError(operation: "getentropy", path: nil, errno: 2)
        #expect(error.description == "getentropy: No such file or directory")
    }
}
