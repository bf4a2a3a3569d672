# SuperFastPython.com
# example of getting the start method
from multiprocessing import get_start_method
# protect entry point
if __name__ == '__main__':
    # get the start method
    method = get_start_method()
    print(method)
