# Sourced by bench/instructions.sh and bench/release-profile.sh.
#
# ir CMD ARG…: the instructions of the process CMD starts, in millions
# (callgrind prints "==PID== Collected : N" for it and for each forked
# child; the process started is the one whose "==PID==" line comes first —
# not the lowest PID, which a busy machine's PID wrap-around can give a
# worker).
ir() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk -F'[= ]+' 'pid == "" && /^==[0-9]+==/ { pid = $2 }
      /Collected :/ && $2 == pid { n = $NF } END {printf "%.1f", n / 1e6}'
}
