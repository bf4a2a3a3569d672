# SuperFastPython.com
# example of getting a runtime error when setting the start method
from multiprocessing import set_start_method
from multiprocessing import get_start_method
from multiprocessing import Process
# set the start method
set_start_method('spawn') # raises a RuntimeError
# function executed in a new process
def task():
    print('Hello from new process', flush=True)
# protect entry point
if __name__ == '__main__':
    # report the start method
    print(f'Start Method: {get_start_method()}')
    # start a child process
    process = Process(target=task)
    process.start()
    process.join()
