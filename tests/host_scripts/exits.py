"""Ends in the way argv[1] names, to check the host's exit status."""
import sys


def fail():
    raise ValueError("uncaught on purpose")


if __name__ == "__main__":
    how = sys.argv[1]
    if how == "return":
        pass
    elif how == "int":
        sys.exit(int(sys.argv[2]))
    elif how == "none":
        sys.exit(None)
    elif how == "str":
        sys.exit("a message for stderr")
    elif how == "true":
        sys.exit(True)
    elif how == "exception":
        fail()
    elif how == "keyboard":
        raise KeyboardInterrupt
