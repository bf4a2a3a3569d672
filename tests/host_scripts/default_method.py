"""Prints, as JSON, the start method multiprocessing uses when nothing
sets one, and what a Pool(2) computes with it."""
import json
import multiprocessing

if __name__ == "__main__":
    with multiprocessing.Pool(2) as pool:
        squares = pool.map(abs, [-1, -2, -3])
    print(json.dumps({"method": multiprocessing.get_start_method(), "pool": squares}))
