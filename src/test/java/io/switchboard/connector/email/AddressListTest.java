package io.switchboard.connector.email;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressListTest {

    @Test
    void readsTheDomainsOfValidLists() {
        assertEquals(Optional.of(List.of("example.org")), AddressList.domains("a@example.org"));
        assertEquals(Optional.of(List.of("b")), AddressList.domains("a@b"));
        assertEquals(Optional.of(List.of("example.org")), AddressList.domains("\"Doe, Jane\" <jane.doe@example.org>"));
        assertEquals(Optional.of(List.of("example.org")), AddressList.domains("J. Doe (work) <j+x@example.org>"));
        assertEquals(Optional.of(List.of("x.org", "y.org")), AddressList.domains("a@x.org, b@y.org"));
        assertEquals(Optional.of(List.of("x.org", "y.org")), AddressList.domains("Team: a@x.org, B <b@y.org>;"));
        assertEquals(Optional.of(List.of()), AddressList.domains("Undisclosed recipients:;"));
        assertEquals(Optional.of(List.of("[127.0.0.1]")), AddressList.domains("a@[127.0.0.1]"));
        assertEquals(Optional.of(List.of("x.org")), AddressList.domains("\"a b\"@x.org"));
        assertEquals(Optional.of(List.of("x.org")), AddressList.domains(", a@x.org,"));
    }

    @Test
    void rejectsWhatIsNotAnAddressList() {
        for (String invalid : List.of("", "plain", "a@", "@x.org", "a@@x.org", "a@x.org b", "a.@x.org", "<a@x.org",
                "a@x..org", "Name a@x.org", "jörg@x.org", "a@x.org;", "Team: a@x.org")) {
            assertEquals(Optional.empty(), AddressList.domains(invalid), invalid);
        }
    }
}
