---------------- MODULE /tmp/fix/b_0_3 -----------------
STATE_1 == 
/\ outcomes = <<>>
/\ delivered = <<>>
/\ out = [a |-> <<>>, b |-> <<>>]
/\ now = 0
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 0, trap |-> 0, restart |-> 0, drop |-> 0]
/\ issued = <<>>
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = <<>>
/\ act = [name |-> "Init"]
/\ in = [a |-> <<>>, b |-> <<>>]
/\ nextSeq = [a |-> 0, b |-> 0]
/\ produced = <<>>


STATE_2 == 
/\ outcomes = <<>>
/\ delivered = <<>>
/\ out = [a |-> <<>>, b |-> <<>>]
/\ now = 0
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 0, trap |-> 0, restart |-> 1, drop |-> 0]
/\ issued = <<>>
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = <<>>
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [a |-> <<>>, b |-> <<>>]
/\ nextSeq = [a |-> 0, b |-> 0]
/\ produced = <<>>


STATE_3 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 2,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 0
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 0, trap |-> 0, restart |-> 1, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = <<>>
/\ act = [ name |-> "Call",
  node |-> "b",
  peer |-> "a",
  id |-> [t |-> 0, s |-> 1],
  payload |-> <<"req", "b", "a", 1>> ]
/\ in = [a |-> <<>>, b |-> <<>>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_4 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 2,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 0
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 1, trap |-> 0, restart |-> 1, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = <<>>
/\ act = [ name |-> "Reject",
  frame |->
      [ id |-> [t |-> 0, s |-> 1],
        kind |-> "NEW",
        from |-> "b",
        to |-> "a",
        payload |-> <<"req", "b", "a", 1>>,
        hash |-> <<>>,
        seq |-> 0 ],
  code |-> "unknown" ]
/\ in = [a |-> <<>>, b |-> <<>>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_5 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 2,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 1, trap |-> 0, restart |-> 1, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = <<>>
/\ act = [name |-> "PassTime", now |-> 4]
/\ in = [a |-> <<>>, b |-> <<>>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_6 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 2,
              rejected |-> 0,
              deadline |-> 10,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 1, trap |-> 0, restart |-> 1, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      2 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Tick", node |-> "b", now |-> 4]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_7 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 2,
              rejected |-> 0,
              deadline |-> 10,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 1, trap |-> 0, restart |-> 2, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      2 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Restart", node |-> "b"]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_8 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 2,
              rejected |-> 0,
              deadline |-> 10,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 1, trap |-> 0, restart |-> 3, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      2 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Restart", node |-> "b"]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_9 == 
/\ outcomes = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<>>)
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 2,
              rejected |-> 1,
              deadline |-> 10,
              req |-> <<"req", "b", "a", 1>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 2, trap |-> 0, restart |-> 3, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = ( [ id |-> [t |-> 0, s |-> 1],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Reject",
  frame |->
      [ id |-> [t |-> 0, s |-> 1],
        kind |-> "NEW",
        from |-> "b",
        to |-> "a",
        payload |-> <<"req", "b", "a", 1>>,
        hash |-> <<>>,
        seq |-> 0 ],
  code |-> "transient" ]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_10 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> )
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 3, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Reject",
  frame |->
      [ id |-> [t |-> 0, s |-> 1],
        kind |-> "NEW",
        from |-> "b",
        to |-> "a",
        payload |-> <<"req", "b", "a", 1>>,
        hash |-> <<>>,
        seq |-> 0 ],
  code |-> "permanent" ]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_11 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> )
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 4, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Restart", node |-> "b"]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_12 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> )
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 5, drop |-> 0]
/\ issued = (<<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>>)
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 1]
/\ produced = <<>>


STATE_13 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = <<>>
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 5, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 4, s |-> 2],
    kind |-> "NEW",
    from |-> "b",
    to |-> "a",
    payload |-> <<"req", "b", "a", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Call",
  node |-> "b",
  peer |-> "a",
  id |-> [t |-> 4, s |-> 2],
  payload |-> <<"req", "b", "a", 2>> ]
/\ in = [a |-> <<>>, b |-> << >>]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = <<>>


STATE_14 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 5, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Receive",
  node |-> "a",
  frame |->
      [ id |-> [t |-> 4, s |-> 2],
        kind |-> "NEW",
        from |-> "b",
        to |-> "a",
        payload |-> <<"req", "b", "a", 2>>,
        hash |-> <<>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = <<>>


STATE_15 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 4
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = <<>>


STATE_16 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [name |-> "PassTime", now |-> 6]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = <<>>


STATE_17 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 0, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 4, s |-> 2],
    kind |-> "ACK",
    from |-> "a",
    to |-> "b",
    payload |-> <<"rsp", <<"req", "b", "a", 2>>>>,
    hash |-> <<"req", "b", "a", 2>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Respond",
  node |-> "a",
  peer |-> "b",
  id |-> [t |-> 4, s |-> 2],
  payload |-> <<"rsp", <<"req", "b", "a", 2>>>> ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 8,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<"rsp", <<"req", "b", "a", 2>>>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_18 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<>> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] @@
        <<"a", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 6,
              req |-> <<"req", "b", "a", 2>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 4, s |-> 2],
    kind |-> "ACK",
    from |-> "a",
    to |-> "b",
    payload |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
    hash |-> <<"req", "b", "a", 2>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Corrupt",
  frame |->
      [ id |-> [t |-> 4, s |-> 2],
        kind |-> "ACK",
        from |-> "a",
        to |-> "b",
        payload |-> <<"rsp", <<"req", "b", "a", 2>>>>,
        hash |-> <<"req", "b", "a", 2>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 8,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<"rsp", <<"req", "b", "a", 2>>>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_19 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 4, s |-> 2],
    kind |-> "FIN",
    from |-> "b",
    to |-> "a",
    payload |-> <<>>,
    hash |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = << >>
/\ act = [ name |-> "Receive",
  node |-> "b",
  frame |->
      [ id |-> [t |-> 4, s |-> 2],
        kind |-> "ACK",
        from |-> "a",
        to |-> "b",
        payload |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
        hash |-> <<"req", "b", "a", 2>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 8,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<"rsp", <<"req", "b", "a", 2>>>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_20 == 
/\ outcomes = ( <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |-> <<>>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Receive",
  node |-> "a",
  frame |->
      [ id |-> [t |-> 4, s |-> 2],
        kind |-> "FIN",
        from |-> "b",
        to |-> "a",
        payload |-> <<>>,
        hash |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 0, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_21 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 6, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Call",
  node |-> "a",
  peer |-> "b",
  id |-> [t |-> 6, s |-> 1],
  payload |-> <<"req", "a", "b", 1>> ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_22 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 7, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 1>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |-> << >> ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_23 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 6
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 7, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Receive",
  node |-> "b",
  frame |->
      [ id |-> [t |-> 6, s |-> 1],
        kind |-> "NEW",
        from |-> "a",
        to |-> "b",
        payload |-> <<"req", "a", "b", 1>>,
        hash |-> <<>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_24 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 7, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "PassTime", now |-> 10]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_25 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 8, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_26 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 9, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_27 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 10, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_28 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 11, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_29 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = << >>
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Restart", node |-> "a"]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingResponse",
              attempts |-> 0,
              deadline |-> 0,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>>)


STATE_30 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 8,
              req |-> <<"req", "a", "b", 1>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "ACK",
    from |-> "b",
    to |-> "a",
    payload |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    hash |-> <<"req", "a", "b", 1>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Respond",
  node |-> "b",
  peer |-> "a",
  id |-> [t |-> 6, s |-> 1],
  payload |-> <<"rsp", <<"req", "a", "b", 1>>>> ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 12,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_31 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |-> << >>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 10
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Receive",
  node |-> "a",
  frame |->
      [ id |-> [t |-> 6, s |-> 1],
        kind |-> "ACK",
        from |-> "b",
        to |-> "a",
        payload |-> <<"rsp", <<"req", "a", "b", 1>>>>,
        hash |-> <<"req", "a", "b", 1>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 12,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_32 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |-> << >>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 14
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "PassTime", now |-> 14]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 1,
              deadline |-> 12,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_33 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |-> << >>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 14
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 @@
  [ id |-> [t |-> 6, s |-> 1],
    kind |-> "ACK",
    from |-> "b",
    to |-> "a",
    payload |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    hash |-> <<"req", "a", "b", 1>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Tick", node |-> "b", now |-> 14]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_34 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |-> << >>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 19
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 @@
  [ id |-> [t |-> 6, s |-> 1],
    kind |-> "ACK",
    from |-> "b",
    to |-> "a",
    payload |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    hash |-> <<"req", "a", "b", 1>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "PassTime", now |-> 19]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_35 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |-> << >>,
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 19
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      2 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Receive",
  node |-> "a",
  frame |->
      [ id |-> [t |-> 6, s |-> 1],
        kind |-> "ACK",
        from |-> "b",
        to |-> "a",
        payload |-> <<"rsp", <<"req", "a", "b", 1>>>>,
        hash |-> <<"req", "a", "b", 1>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 1, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_36 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 19, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 21,
              req |-> <<"req", "a", "b", 2>> ] ),
  b |->
      ( <<"a", [t |-> 0, s |-> 1]>> :>
            [ phase |-> "GaveUp",
              attempts |-> 2,
              rejected |-> 2,
              deadline |-> 17,
              req |-> <<>> ] ) ]
/\ now = 19
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<"req", "a", "b", 2>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      2 @@
  [ id |-> [t |-> 19, s |-> 2],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Call",
  node |-> "a",
  peer |-> "b",
  id |-> [t |-> 19, s |-> 2],
  payload |-> <<"req", "a", "b", 2>> ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 2, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_37 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 19, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 21,
              req |-> <<"req", "a", "b", 2>> ] ),
  b |-> << >> ]
/\ now = 19
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<"req", "a", "b", 2>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      2 @@
  [ id |-> [t |-> 19, s |-> 2],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "Tick", node |-> "b", now |-> 19]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 2, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_38 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 19, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 21,
              req |-> <<"req", "a", "b", 2>> ] ),
  b |-> << >> ]
/\ now = 20
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 0, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<"req", "a", "b", 2>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      2 @@
  [ id |-> [t |-> 19, s |-> 2],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [name |-> "PassTime", now |-> 20]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 2, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_39 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 19, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 21,
              req |-> <<"req", "a", "b", 2>> ] ),
  b |-> << >> ]
/\ now = 20
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 1, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<"req", "a", "b", 2>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 @@
  [ id |-> [t |-> 19, s |-> 2],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = (<<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">>)
/\ act = [ name |-> "Trap",
  frame |->
      [ id |-> [t |-> 6, s |-> 1],
        kind |-> "FIN",
        from |-> "a",
        to |-> "b",
        payload |-> <<>>,
        hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
        seq |-> 0 ] ]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Acking",
              attempts |-> 2,
              deadline |-> 20,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<"rsp", <<"req", "a", "b", 1>>>> ] ) ]
/\ nextSeq = [a |-> 2, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


STATE_40 == 
/\ outcomes = ( <<"a", "b", [t |-> 6, s |-> 1]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "a", "b", 1>>,
           resp |-> <<"rsp", <<"req", "a", "b", 1>>>>,
           detail |-> <<"rsp", <<"req", "a", "b", 1>>>> ] >> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :>
      << [ kind |-> "GaveUp",
           req |-> <<"req", "b", "a", 1>>,
           resp |-> <<>>,
           detail |-> <<"PermanentReject", "NeverDelivered">> ] >> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :>
      << [ kind |-> "Completed",
           req |-> <<"req", "b", "a", 2>>,
           resp |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>>,
           detail |-> <<"bad", <<"rsp", <<"req", "b", "a", 2>>>>>> ] >> )
/\ delivered = (<<"a", "b", [t |-> 4, s |-> 2]>> :> 1 @@ <<"b", "a", [t |-> 6, s |-> 1]>> :> 1)
/\ out = [ a |->
      ( <<"b", [t |-> 19, s |-> 2]>> :>
            [ phase |-> "AwaitingAck",
              attempts |-> 1,
              rejected |-> 0,
              deadline |-> 21,
              req |-> <<"req", "a", "b", 2>> ] ),
  b |-> << >> ]
/\ now = 20
/\ faults = [dup |-> 0, corrupt |-> 1, reject |-> 3, trap |-> 1, restart |-> 12, drop |-> 0]
/\ issued = ( <<"a", "b", [t |-> 6, s |-> 1]>> :> <<"req", "a", "b", 1>> @@
  <<"a", "b", [t |-> 19, s |-> 2]>> :> <<"req", "a", "b", 2>> @@
  <<"b", "a", [t |-> 0, s |-> 1]>> :> <<"req", "b", "a", 1>> @@
  <<"b", "a", [t |-> 4, s |-> 2]>> :> <<"req", "b", "a", 2>> )
/\ net = ( [ id |-> [t |-> 6, s |-> 1],
    kind |-> "FIN",
    from |-> "a",
    to |-> "b",
    payload |-> <<>>,
    hash |-> <<"rsp", <<"req", "a", "b", 1>>>>,
    seq |-> 0 ] :>
      1 @@
  [ id |-> [t |-> 19, s |-> 2],
    kind |-> "NEW",
    from |-> "a",
    to |-> "b",
    payload |-> <<"req", "a", "b", 2>>,
    hash |-> <<>>,
    seq |-> 0 ] :>
      1 )
/\ chan = ( <<"a", "a">> :> 0 @@
  <<"a", "b">> :> 0 @@
  <<"b", "a">> :> 0 @@
  <<"b", "b">> :> 0 )
/\ notices = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"FinMismatch">> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"AckGaveUp">> )
/\ act = [name |-> "Tick", node |-> "b", now |-> 20]
/\ in = [ a |->
      ( <<"b", [t |-> 4, s |-> 2]>> :>
            [ phase |-> "Closed",
              attempts |-> 1,
              deadline |-> 21,
              reqHash |-> <<"req", "b", "a", 2>>,
              resp |-> <<>> ] ),
  b |->
      ( <<"a", [t |-> 6, s |-> 1]>> :>
            [ phase |-> "Closed",
              attempts |-> 2,
              deadline |-> 23,
              reqHash |-> <<"req", "a", "b", 1>>,
              resp |-> <<>> ] ) ]
/\ nextSeq = [a |-> 2, b |-> 2]
/\ produced = ( <<"a", "b", [t |-> 4, s |-> 2]>> :> <<"rsp", <<"req", "b", "a", 2>>>> @@
  <<"b", "a", [t |-> 6, s |-> 1]>> :> <<"rsp", <<"req", "a", "b", 1>>>> )


=================================================
